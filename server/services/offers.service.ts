import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { AppError, type Result } from '../errors';
import * as store from '../store/offers';
import { audit } from '../store/accounts';
import { shareStatus } from '../store/providers';
import type { BookingsService } from './bookings.service';
import { Changes } from './sync/publish';
import { isAccredited } from '$shared/provider';
import { isoDateIn } from '$shared/dates';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  photoTypeOf,
  writtenText,
  type OfferInput,
  type PhotoInput,
  type ProviderOffer,
  type SessionsInput,
} from '$shared/offer';
import { randomUUID } from 'node:crypto';

/**
 * Provider staff manage their offers and sessions. Drafts may be prepared at any time;
 * only an accredited provider publishes. Each change to what families see is a new version (the
 * database numbers it and keeps a copy): bookings already made keep theirs.
 */
export function createOffersService(db: Db, clock: Clock, bookings: BookingsService) {
  const own = (providerId: string, id: string) => store.ownOffer(db, providerId, id, clock.now());

  /** Publishing needs the city's accreditation (held steady until the edit is saved); a draft or a withdrawal does not. */
  async function mayPublish(tx: Parameters<typeof shareStatus>[0], providerId: string, offer: OfferInput): Promise<boolean> {
    if (offer.status !== 'published') return true;
    const status = await shareStatus(tx, providerId);
    return status !== null && isAccredited(status);
  }

  return {
    list: (providerId: string) => store.ownOffers(db, providerId, clock.now()),
    get: own,

    async create(providerId: string, by: string, offer: OfferInput): Promise<Result<{ offer: ProviderOffer }, 'provider_not_accredited'>> {
      const id = await db.transaction(async (tx) => {
        if (!(await mayPublish(tx, providerId, offer))) return null;
        const now = clock.now();
        const created = await store.insertOffer(tx, providerId, offer, now);
        await audit(tx, { at: now, actorId: by, action: 'create_offer', objectType: 'offer', objectId: created });
        return created;
      });
      if (!id) return { ok: false, code: 'provider_not_accredited' };
      return { ok: true, offer: (await own(providerId, id))! };
    },

    /** `revision`: the one the person edited; a colleague's change since then is not overwritten. */
    async update(
      providerId: string,
      by: string,
      id: string,
      revision: number,
      offer: OfferInput,
    ): Promise<Result<{ offer: ProviderOffer }, 'not_found' | 'offer_changed' | 'provider_not_accredited'>> {
      const code = await db.transaction(async (tx) => {
        if (!(await mayPublish(tx, providerId, offer))) return 'provider_not_accredited' as const;
        const current = await store.lockOwnOffer(tx, providerId, id);
        if (!current) return 'not_found' as const;
        if (current.revision !== revision) return 'offer_changed' as const;
        await store.updateOffer(tx, id, offer);
        await audit(tx, {
          at: clock.now(),
          actorId: by,
          action: 'update_offer',
          objectType: 'offer',
          objectId: id,
          details: { from: revision },
        });
        return null;
      });
      if (code) return { ok: false, code };
      return { ok: true, offer: (await own(providerId, id))! };
    },

    /** Weekly sessions from a first date that has not passed. */
    async addSessions(
      providerId: string,
      by: string,
      id: string,
      sessions: SessionsInput,
    ): Promise<Result<{ offer: ProviderOffer; added: number }, 'not_found'>> {
      if (sessions.firstDate < isoDateIn(clock.now()))
        throw new AppError('validation_failed', [{ path: 'firstDate', code: 'field_first_date_past' }]);
      // Today, at an hour already gone: the first session would have begun before anyone could book it.
      if ((await store.firstStart(db, sessions)) <= clock.now())
        throw new AppError('validation_failed', [{ path: 'time', code: 'field_time_past' }]);
      const added = await db.transaction(async (tx) => {
        if (!(await store.lockOwnOffer(tx, providerId, id))) return null;
        const count = await store.addSessions(tx, id, sessions);
        await audit(tx, {
          at: clock.now(),
          actorId: by,
          action: 'add_sessions',
          objectType: 'offer',
          objectId: id,
          details: { ...sessions },
        });
        return count;
      });
      if (added === null) return { ok: false, code: 'not_found' };
      return { ok: true, offer: (await own(providerId, id))!, added };
    },

    /**
     * Calls a session off: every booking on it is cancelled with its voucher hold released, and each
     * family sees that the provider cancelled. Bookings are taken before the session, as a family's
     * own cancellation takes them; those made while the session was being called off are taken after.
     */
    async cancelSession(
      providerId: string,
      by: string,
      offerId: string,
      sessionId: string,
    ): Promise<Result<{ offer: ProviderOffer; released: number }, 'not_found' | 'session_started'>> {
      const outcome = await db.transaction(async (tx) => {
        const session = await store.ownSession(tx, providerId, offerId, sessionId);
        if (!session) return 'not_found' as const;
        if (session.status === 'cancelled') return 0;
        if (session.startsAt <= clock.now()) return 'session_started' as const;
        const changes = new Changes();
        let released = await bookings.release({ tx, changes }, { sessionId }, 'session_cancelled', by);
        await store.cancelSession(tx, sessionId);
        released += await bookings.release({ tx, changes }, { sessionId }, 'session_cancelled', by);
        await changes.flush(tx, clock.now());
        await audit(tx, {
          at: clock.now(),
          actorId: by,
          action: 'cancel_session',
          objectType: 'offer',
          objectId: offerId,
          details: { sessionId, released },
        });
        return released;
      });
      if (typeof outcome === 'string') return { ok: false, code: outcome };
      return { ok: true, offer: (await own(providerId, offerId))!, released: outcome };
    },

    /**
     * Adds a photo: its bytes must be the image type it claims, small enough, and the offer must have
     * room; refused otherwise with the field named, and nothing kept.
     */
    async addPhoto(providerId: string, by: string, id: string, input: PhotoInput): Promise<Result<{ offer: ProviderOffer }, 'not_found'>> {
      const bytes = new Uint8Array(Buffer.from(input.data, 'base64'));
      if (bytes.length === 0 || photoTypeOf(bytes) !== input.contentType)
        throw new AppError('validation_failed', [{ path: 'data', code: 'field_photo' }]);
      if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('validation_failed', [{ path: 'data', code: 'field_photo_size' }]);
      const added = await db.transaction(async (tx) => {
        if (!(await store.lockOwnOffer(tx, providerId, id))) return null;
        if ((await store.photoCount(tx, id)) >= MAX_PHOTOS) return 'full' as const;
        const now = clock.now();
        const photoId = randomUUID();
        await store.insertPhoto(tx, { id: photoId, offerId: id, contentType: input.contentType, bytes, alt: writtenText(input.alt), now });
        await audit(tx, {
          at: now,
          actorId: by,
          action: 'add_photo',
          objectType: 'offer',
          objectId: id,
          details: { photoId, bytes: bytes.length },
        });
        return photoId;
      });
      if (added === null) return { ok: false, code: 'not_found' };
      if (added === 'full') throw new AppError('validation_failed', [{ path: 'data', code: 'field_photos_full' }]);
      return { ok: true, offer: (await own(providerId, id))! };
    },

    async removePhoto(providerId: string, by: string, id: string, photoId: string): Promise<Result<{ offer: ProviderOffer }, 'not_found'>> {
      const removed = await db.transaction(async (tx) => {
        if (!(await store.lockOwnOffer(tx, providerId, id)) || !(await store.deletePhoto(tx, id, photoId))) return false;
        await audit(tx, { at: clock.now(), actorId: by, action: 'remove_photo', objectType: 'offer', objectId: id, details: { photoId } });
        return true;
      });
      if (!removed) return { ok: false, code: 'not_found' };
      return { ok: true, offer: (await own(providerId, id))! };
    },

    photo: (photoId: string) => store.photo(db, photoId),
  };
}

export type OffersService = ReturnType<typeof createOffersService>;
