import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/kiosks';
import { audit } from '../store/accounts';
import { loadHub } from '../store/hubs';
import { tokenHash } from './auth.service';
import type { CardsService } from './cards.service';
import type { GameService } from './game.service';
import { endedSince } from '../store/cards';
import { checkinTimeProblem } from '$shared/checkin';
import { errorMessage } from '$shared/i18n/translate';
import type { ErrorCode } from '$shared/errors';
import type { Locale } from '$shared/locale';
import {
  enrolmentCodeFrom,
  ENROLMENT_MINUTES,
  type EnrolmentView,
  type KioskView,
  type QueuedCheckin,
  type QueuedCheckinResult,
} from '$shared/kiosk';

/** How far back a kiosk is told of ended cards: longer than a check-in may wait to be sent. */
const ENDED_CARDS_DAYS = 30;

/** A kiosk as a request carries it: which one, at which hub. */
export type Kiosk = { id: string; hubId: string; hubName: string; name: string };

/**
 * A hub's kiosks. An operator asks for a one-time enrolment code; the device that enters it first gets
 * a credential of its own (only its hash is kept), bound to the hub, seen and revocable on the hub's
 * page. A revoked kiosk, or one whose hub has closed, opens nothing.
 */
export function createKiosksService(db: Db, clock: Clock, { cards, game }: { cards: CardsService; game: GameService }) {
  /**
   * One check-in the kiosk queued: at a time the server believes (not ahead of it, not older than a
   * week, not before the kiosk's last upload), with a genuine card of a young person that worked then.
   */
  async function judge(kiosk: Kiosk, item: QueuedCheckin, receivedAt: Date, lastSyncedAt: Date | null): Promise<Result> {
    const at = new Date(item.at);
    const problem = checkinTimeProblem({ clientTime: at, receivedAt, lastSyncedAt });
    if (problem) return { ok: false, code: problem };
    const found = await cards.find(item.card);
    if (!found.ok) return found;
    const { card } = found;
    if (!card) return { ok: false, code: 'card_not_found' };
    if (card.role !== 'youth') return { ok: false, code: 'card_not_youth' };
    if (card.issued_at.getTime() > at.getTime() || (card.ended_at && card.ended_at.getTime() <= at.getTime()))
      return { ok: false, code: 'card_not_valid_then' };
    return game.checkInAtHub({ id: item.id, youthId: card.user_id, hubId: kiosk.hubId, kioskId: kiosk.id, cardId: card.id, at });
  }

  return {
    /**
     * The check-ins a kiosk queued while offline, each judged on its own; the kiosk's upload mark moves
     * to now, so none of a later upload may claim a time before this one.
     */
    async queuedCheckIns(kiosk: Kiosk, items: QueuedCheckin[], locale: Locale): Promise<QueuedCheckinResult[]> {
      const receivedAt = clock.now();
      const lastSyncedAt = await store.checkinsSyncedAt(db, kiosk.id);
      const results: QueuedCheckinResult[] = [];
      for (const item of items) {
        const outcome = await judge(kiosk, item, receivedAt, lastSyncedAt);
        results.push(
          outcome.ok
            ? { id: item.id, ok: true }
            : { id: item.id, ok: false, code: outcome.code, message: errorMessage(outcome.code as ErrorCode, locale) },
        );
      }
      await store.markCheckinsSynced(db, kiosk.id, receivedAt);
      return results;
    },

    /** Cards ended lately, for a kiosk to refuse with no network. */
    endedCards: () => endedSince(db, new Date(clock.now().getTime() - ENDED_CARDS_DAYS * 24 * 60 * 60 * 1000)),

    list: (hubId: string): Promise<KioskView[]> => store.kiosksOf(db, hubId),

    /** A new enrolment code for a device at the operator's hub, answered once (only its hash is kept). */
    async newEnrolment(
      hubId: string,
      name: string,
      by: string,
    ): Promise<Result<{ enrolment: EnrolmentView }, 'hub_not_found' | 'hub_closed'>> {
      const hub = await loadHub(db, hubId);
      if (!hub) return { ok: false, code: 'hub_not_found' };
      if (hub.closedAt) return { ok: false, code: 'hub_closed' };
      const now = clock.now();
      const code = enrolmentCodeFrom(randomBytes(8));
      const expiresAt = new Date(now.getTime() + ENROLMENT_MINUTES * 60_000);
      await store.insertEnrolment(db, { codeHash: tokenHash(code), hubId, name, by, at: now, expiresAt });
      return { ok: true, enrolment: { code, expiresAt: expiresAt.toISOString() } };
    },

    /** The device enters the code: it becomes the hub's kiosk, and gets its credential (answered once). */
    async enrol(
      code: string,
    ): Promise<Result<{ token: string; kiosk: Kiosk }, 'enrolment_not_found' | 'enrolment_expired' | 'hub_closed'>> {
      return db.transaction(async (tx) => {
        const codeHash = tokenHash(code);
        const enrolment = await store.lockEnrolment(tx, codeHash);
        const now = clock.now();
        if (!enrolment || enrolment.kiosk_id) return { ok: false, code: 'enrolment_not_found' } as const;
        if (enrolment.expires_at.getTime() <= now.getTime()) return { ok: false, code: 'enrolment_expired' } as const;
        if (enrolment.hub_closed_at) return { ok: false, code: 'hub_closed' } as const;
        const token = randomBytes(32).toString('base64url');
        const id = await store.insertKiosk(tx, {
          hubId: enrolment.hub_id,
          name: enrolment.name,
          tokenHash: tokenHash(token),
          by: enrolment.created_by,
          at: now,
          codeHash,
        });
        await audit(tx, { at: now, actorId: enrolment.created_by, action: 'enrol_kiosk', objectType: 'kiosk', objectId: id });
        const kiosk = (await store.kioskByToken(tx, tokenHash(token)))!;
        return { ok: true, token, kiosk: { id, hubId: kiosk.hub_id, hubName: kiosk.hub_name, name: kiosk.name } } as const;
      });
    },

    /** The kiosk a credential names, if it still works (seen now); otherwise why not. */
    async identify(token: string): Promise<{ kiosk: Kiosk } | { kiosk: null; revoked: boolean }> {
      const row = await store.kioskByToken(db, tokenHash(token));
      if (!row) return { kiosk: null, revoked: false };
      if (row.revoked_at || row.hub_closed_at) return { kiosk: null, revoked: true };
      await store.touchKiosk(db, row.id, clock.now());
      return { kiosk: { id: row.id, hubId: row.hub_id, hubName: row.hub_name, name: row.name } };
    },

    /** Revokes a kiosk of the hub: its credential and every session opened on it stop at once. */
    async revoke(hubId: string, kioskId: string, by: string): Promise<Result<object, 'kiosk_not_found'>> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        if (!(await store.revokeKiosk(tx, hubId, kioskId, by, now))) return { ok: false, code: 'kiosk_not_found' } as const;
        await audit(tx, { at: now, actorId: by, action: 'revoke_kiosk', objectType: 'kiosk', objectId: kioskId });
        return { ok: true } as const;
      });
    },

    /** The person is done: the session they opened on this kiosk ends on the server. */
    endSession: (token: string, kioskId: string) => store.deleteKioskSession(db, tokenHash(token), kioskId),
  };
}

export type KiosksService = ReturnType<typeof createKiosksService>;
