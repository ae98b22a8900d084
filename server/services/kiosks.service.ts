import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/kiosks';
import { audit, countAttempts, recordAttempts } from '../store/accounts';
import { loadHub } from '../store/hubs';
import { FAILURE_WINDOW_MS, tokenHash } from './auth.service';
import type { CardsService } from './cards.service';
import type { GameService } from './game.service';
import { endedSince, type CardRow } from '../store/cards';
import { checkinTimeProblem } from '$shared/checkin';
import { errorMessage } from '$shared/i18n/translate';
import type { ErrorCode } from '$shared/errors';
import type { Locale } from '$shared/locale';
import {
  enrolmentCodeFrom,
  ENROLMENT_MINUTES,
  MAX_UPLOADS_PER_WINDOW,
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
   * One check-in the kiosk queued: at a time the server believes (not ahead of it, not older than a week,
   * not before the kiosk's mark), with a genuine card of a young person that worked then. Its card is
   * looked up beforehand, outside the upload's transaction, as every read of a card is.
   */
  function judge(kiosk: Kiosk, item: QueuedCheckin, card: CardRow | null, receivedAt: Date, mark: Date): Result<{ card: CardRow }> {
    const at = new Date(item.at);
    const problem = checkinTimeProblem({ clientTime: at, receivedAt, lastSyncedAt: mark });
    if (problem) return { ok: false, code: problem };
    // An unknown number, a guardian's card and one that did not work then answer alike: no way to learn which numbers exist.
    if (
      !card ||
      card.role !== 'youth' ||
      card.issued_at.getTime() > at.getTime() ||
      (card.ended_at && card.ended_at.getTime() <= at.getTime())
    )
      return { ok: false, code: 'card_not_valid_then' };
    return { ok: true, card };
  }

  return {
    /**
     * The check-ins a kiosk queued while offline, each judged on its own; the kiosk's mark moves to the
     * latest one taken, so none of a later upload may claim a time before it.
     */
    async queuedCheckIns(
      kiosk: Kiosk,
      items: QueuedCheckin[],
      locale: Locale,
    ): Promise<Result<{ results: QueuedCheckinResult[] }, 'too_many_attempts' | 'kiosk_revoked'>> {
      const receivedAt = clock.now();
      // Each upload counts: a kiosk cannot be used to try card numbers by the thousand.
      const key = `kiosk-upload:${kiosk.id}`;
      await recordAttempts(db, [key], receivedAt);
      const uploads = (await countAttempts(db, [key], new Date(receivedAt.getTime() - FAILURE_WINDOW_MS))).get(key) ?? 0;
      if (uploads > MAX_UPLOADS_PER_WINDOW) return { ok: false, code: 'too_many_attempts', retryAfterSeconds: FAILURE_WINDOW_MS / 1000 };
      const placeId = await game.hubPlace(kiosk.hubId);
      if (!placeId) return { ok: false, code: 'kiosk_revoked' };
      // Each card as its text names it: a forged QR or an unknown number is no card.
      const found = await Promise.all(
        items.map(async (item) => {
          const card = await cards.find(item.card);
          return card.ok ? card.card : null;
        }),
      );
      return db.transaction(async (tx) => {
        const mark = await store.lockCheckinMark(tx, kiosk.id);
        const results: QueuedCheckinResult[] = [];
        let latest = mark;
        for (const [i, item] of items.entries()) {
          const judged = judge(kiosk, item, found[i], receivedAt, mark);
          const outcome = judged.ok
            ? await game.checkInAtHub(
                { id: item.id, youthId: judged.card.user_id, placeId, kioskId: kiosk.id, cardId: judged.card.id, at: new Date(item.at) },
                tx,
              )
            : judged;
          if (outcome.ok && new Date(item.at) > latest) latest = new Date(item.at);
          results.push(
            outcome.ok
              ? { id: item.id, ok: true }
              : { id: item.id, ok: false, code: outcome.code, message: errorMessage(outcome.code as ErrorCode, locale) },
          );
        }
        // The latest check-in taken, not the time of the upload: one queued while this upload was on its way still counts.
        await store.markCheckinsSynced(tx, kiosk.id, latest);
        return { ok: true, results } as const;
      });
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
