import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { AppError, type Result } from '../errors';
import * as store from '../store/offers';
import { audit } from '../store/accounts';
import { lockStatus } from '../store/providers';
import type { BookingService } from './booking.service';
import { Changes } from './sync/publish';
import { isAccredited } from '$shared/provider';
import { isoDateIn } from '$shared/dates';
import type { OfferInput, ProviderOffer, SessionsInput } from '$shared/offer';

/**
 * Provider staff manage their offers and sessions (DESIGN §5). Drafts may be prepared at any time;
 * only an accredited provider publishes. Each change to what families see is a new version (the
 * database numbers it and keeps a copy): bookings already made keep theirs.
 */
export function createOfferService(db: Db, clock: Clock, bookings: BookingService) {
  const own = (providerId: string, id: string) => store.ownOffer(db, providerId, id, clock.now());

  /** Publishing needs the city's accreditation; a draft or a withdrawal does not. */
  async function mayPublish(tx: Parameters<typeof lockStatus>[0], providerId: string, offer: OfferInput): Promise<boolean> {
    if (offer.status !== 'published') return true;
    const status = await lockStatus(tx, providerId);
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

    /** `version`: the one the person edited; a colleague's change since then is not overwritten. */
    async update(providerId: string, by: string, id: string, version: number, offer: OfferInput): Promise<Result<{ offer: ProviderOffer }, 'not_found' | 'offer_changed' | 'provider_not_accredited'>> {
      const code = await db.transaction(async (tx) => {
        if (!(await mayPublish(tx, providerId, offer))) return 'provider_not_accredited' as const;
        const current = await store.lockOwnOffer(tx, providerId, id);
        if (!current) return 'not_found' as const;
        if (current.version !== version) return 'offer_changed' as const;
        await store.updateOffer(tx, id, offer);
        await audit(tx, { at: clock.now(), actorId: by, action: 'update_offer', objectType: 'offer', objectId: id, details: { from: version } });
        return null;
      });
      if (code) return { ok: false, code };
      return { ok: true, offer: (await own(providerId, id))! };
    },

    /** Weekly sessions from a first date that has not passed. */
    async addSessions(providerId: string, by: string, id: string, sessions: SessionsInput): Promise<Result<{ offer: ProviderOffer; added: number }, 'not_found'>> {
      if (sessions.firstDate < isoDateIn(clock.now())) throw new AppError('validation_failed', [{ path: 'firstDate', code: 'field_first_date_past' }]);
      const added = await db.transaction(async (tx) => {
        if (!(await store.lockOwnOffer(tx, providerId, id))) return null;
        const count = await store.addSessions(tx, id, sessions);
        await audit(tx, { at: clock.now(), actorId: by, action: 'add_sessions', objectType: 'offer', objectId: id, details: { ...sessions } });
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
    async cancelSession(providerId: string, by: string, offerId: string, sessionId: string): Promise<Result<{ offer: ProviderOffer; released: number }, 'not_found' | 'session_started'>> {
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
        await audit(tx, { at: clock.now(), actorId: by, action: 'cancel_session', objectType: 'offer', objectId: offerId, details: { sessionId, released } });
        return released;
      });
      if (typeof outcome === 'string') return { ok: false, code: outcome };
      return { ok: true, offer: (await own(providerId, offerId))!, released: outcome };
    },
  };
}

export type OfferService = ReturnType<typeof createOfferService>;
