import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import type { SessionUser } from './auth.service';
import type { Signer } from './signing';
import * as store from '../store/cards';
import * as households from '../store/households';
import * as accounts from '../store/accounts';
import { loadHub } from '../store/hubs';
import { publicKeyOf } from '../store/signing-keys';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { FAILURE_WINDOW_MS } from './auth.service';
import { ageOn, isoDateIn } from '$shared/dates';
import {
  cardNumberFrom,
  cardQrSigned,
  cardQrText,
  mayHoldCard,
  MAX_PIN_FAILURES_PER_CARD,
  MAX_PIN_FAILURES_PER_KIOSK,
  readCard,
  verifyCardQr,
  type CardView,
  type DeskCardInput,
  type DeskFamily,
  type IssueCardInput,
} from '$shared/cards';

/** A card as the desk may see it: its last four digits (enough to tell it from another), never the whole number. */
const lastDigits = (number: string | undefined): string | null => (number ? number.slice(-4) : null);

type IssueRefusal = 'minor_not_found' | 'card_too_young' | 'minor_too_old' | 'hub_not_found' | 'hub_closed';
import { OWN_SIGN_IN_MIN_AGE } from '$shared/household';
import { Changes } from './sync/publish';

/**
 * Person cards. A guardian issues them for the household (a child's card, made before 14, is the
 * guardian's consent that the child plays with a card alone), reports them lost, revokes and replaces
 * them; a card ended stops every session it opened at once. A card and its PIN sign a person in.
 */
export function createCardsService(
  db: Db,
  clock: Clock,
  signer: Signer,
  welcome: (tx: Queryable, youthId: string, by: string) => Promise<void>,
) {
  async function view(q: Queryable, row: store.CardRow): Promise<CardView> {
    const key = await signer.key(q);
    const signed = cardQrSigned(row.id, key.id);
    return {
      id: row.id,
      userId: row.user_id,
      minorId: row.minor_id,
      holder: row.holder,
      number: row.number,
      hub: { id: row.hub_id, name: row.hub_name },
      qr: cardQrText(signed, signer.sign(key, signed)),
      issuedAt: row.issued_at.toISOString(),
      ended: row.ended_at && row.end_reason ? { at: row.ended_at.toISOString(), reason: row.end_reason } : null,
    };
  }

  /** The household's card the guardian names, or null when it is not one of theirs. */
  async function householdCard(q: Queryable, householdId: string, cardId: string): Promise<store.CardRow | null> {
    const card = await store.cardById(q, cardId);
    return card && card.household_id === householdId ? card : null;
  }

  /**
   * The card a scanned QR or typed number names: a QR must carry the server's own signature (a forged
   * one is refused before anything else), a number is looked up as it is.
   */
  async function findCard(text: string): Promise<Result<{ card: store.CardRow | null }, 'card_invalid'>> {
    const ref = readCard(text);
    if (!ref) return { ok: false, code: 'card_invalid' };
    if (ref.kind === 'number') return { ok: true, card: await store.cardByNumber(db, ref.number) };
    const publicKey = await publicKeyOf(db, ref.qr.keyId);
    if (!publicKey || !(await verifyCardQr(ref.qr, publicKey))) return { ok: false, code: 'card_invalid' };
    return { ok: true, card: await store.cardById(db, ref.qr.cardId) };
  }

  /** Issues a card for a household's guardian ('me') or child; `issuerId`: who made it (the guardian, or an operator at the desk). */
  async function issueFor(
    family: { householdId: string; guardianId: string; language: string },
    issuerId: string,
    input: IssueCardInput,
    details: Record<string, unknown>,
  ): Promise<Result<{ card: CardView }, IssueRefusal>> {
    const { householdId } = family;
    const pinHash = await hashPassword(input.pin);
    return db.transaction(async (tx) => {
      const hub = await loadHub(tx, input.hubId);
      if (!hub) return { ok: false, code: 'hub_not_found' } as const;
      if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
      const now = clock.now();
      let userId = family.guardianId;
      let consent = false;
      if (input.person !== 'me') {
        const minor = await households.lockMinor(tx, householdId, input.person);
        if (!minor) return { ok: false, code: 'minor_not_found' } as const;
        const age = ageOn(minor.birth_date, isoDateIn(now));
        if (!mayHoldCard(age)) return { ok: false, code: age > 17 ? 'minor_too_old' : 'card_too_young' } as const;
        if (minor.user_id) userId = minor.user_id;
        else {
          userId = await store.insertCardOnlyYouth(tx, { name: minor.name, language: family.language, householdId });
          await households.linkMinorUser(tx, minor.id, userId);
          await welcome(tx, userId, `user:${issuerId}`);
        }
        consent = age < OWN_SIGN_IN_MIN_AGE;
      }
      await store.lockHolder(tx, userId);
      await store.endLiveCard(tx, userId, 'replaced', issuerId, now);
      let cardId: string | null = null;
      // Eleven random digits: a clash is rare, and a new draw ends it.
      while (!cardId) {
        const number = cardNumberFrom(String(randomInt(0, 1e11)).padStart(11, '0'));
        cardId = await store.insertCard(tx, { number, userId, hubId: hub.id, pinHash, by: issuerId, at: now });
      }
      await accounts.audit(tx, {
        at: now,
        actorId: issuerId,
        action: 'issue_card',
        objectType: 'card',
        objectId: cardId,
        details: { person: userId, ...details, ...(consent ? { consent: 'guardian' } : {}) },
      });
      const changes = new Changes();
      changes.note('household', householdId);
      await changes.flush(tx, now);
      return { ok: true, card: await view(tx, (await store.cardById(tx, cardId))!) } as const;
    });
  }

  return {
    find: findCard,

    /** A family at the desk, by its guardian's email: each person who may hold a card, and the number of the card they hold. */
    async deskFamily(email: string): Promise<Result<{ family: DeskFamily }, 'family_not_found'>> {
      const found = await store.guardianByEmail(db, email);
      const household = found ? await households.loadHousehold(db, found.householdId) : null;
      if (!found || !household) return { ok: false, code: 'family_not_found' };
      const live = new Map(
        (await store.cardsOfHousehold(db, found.householdId)).filter((c) => !c.ended_at).map((c) => [c.user_id, c.number]),
      );
      const guardian = household.guardians.find((g) => g.id === found.guardianId)!;
      const today = isoDateIn(clock.now());
      return {
        ok: true,
        family: {
          guardian: { name: guardian.name, language: found.language },
          people: [
            { person: 'guardian', name: guardian.name, mayHold: true, card: lastDigits(live.get(found.guardianId)) },
            ...household.minors.map((minor) => ({
              person: minor.id,
              name: minor.name,
              mayHold: mayHoldCard(ageOn(minor.birthDate, today)),
              card: minor.userId ? lastDigits(live.get(minor.userId)) : null,
            })),
          ],
        },
      };
    },

    async list(householdId: string): Promise<CardView[]> {
      const rows = await store.cardsOfHousehold(db, householdId);
      return Promise.all(rows.map((row) => view(db, row)));
    },

    /**
     * Issues a card to the guardian or to a child of the household, with its first PIN, carrying an
     * open hub's name. A person's earlier card, if any, is replaced (it stops working). A child of
     * 11-13 with no sign-in gets one without email or password, and their welcome credits.
     */
    async issue(guardian: SessionUser, input: IssueCardInput): Promise<Result<{ card: CardView }, IssueRefusal>> {
      const family = { householdId: guardian.householdId!, guardianId: guardian.id, language: guardian.language };
      // At the desk, the family's history records it as the operator's (server/app.ts); the audit trail names them too.
      return issueFor(family, guardian.id, input, guardian.assistedBy ? { assistedBy: guardian.assistedBy } : {});
    },

    /**
     * A hub operator issues a card at the desk, for a family found by its guardian's email, after
     * checking the person's identity (and, for a child, the guardian's, who is there to consent).
     */
    async issueAtDesk(operator: SessionUser, input: DeskCardInput): Promise<Result<{ card: CardView }, IssueRefusal | 'family_not_found'>> {
      const family = await store.guardianByEmail(db, input.email);
      if (!family || !operator.me.hub) return { ok: false, code: 'family_not_found' };
      const issued = await issueFor(
        family,
        operator.id,
        { person: input.person === 'guardian' ? 'me' : input.person, hubId: operator.me.hub.id, pin: input.pin },
        { desk: true, identityChecked: true },
      );
      // The family sees it among what the hub did for them.
      if (issued.ok)
        await accounts.recordAssisted(db, {
          householdId: family.householdId,
          operatorId: operator.id,
          action: 'card.issue',
          at: clock.now(),
        });
      return issued;
    },

    /** A card reported lost, or revoked: it stops working everywhere at once (its sessions end too). */
    async end(
      guardian: SessionUser,
      cardId: string,
      reason: 'lost' | 'revoked',
    ): Promise<Result<{ card: CardView }, 'card_not_found' | 'card_ended'>> {
      return db.transaction(async (tx) => {
        const card = await householdCard(tx, guardian.householdId!, cardId);
        if (!card) return { ok: false, code: 'card_not_found' } as const;
        const now = clock.now();
        // This card, by its id: a replacement made meanwhile is not the one reported.
        if (!(await store.endCard(tx, cardId, reason, guardian.id, now))) return { ok: false, code: 'card_ended' } as const;
        await accounts.audit(tx, { at: now, actorId: guardian.id, action: `card_${reason}`, objectType: 'card', objectId: cardId });
        return { ok: true, card: await view(tx, (await store.cardById(tx, cardId))!) } as const;
      });
    },

    async changePin(guardian: SessionUser, cardId: string, pin: string): Promise<Result<object, 'card_not_found' | 'card_ended'>> {
      const card = await householdCard(db, guardian.householdId!, cardId);
      if (!card) return { ok: false, code: 'card_not_found' };
      if (card.ended_at) return { ok: false, code: 'card_ended' };
      const pinHash = await hashPassword(pin);
      await db.transaction(async (tx) => {
        await store.setPin(tx, cardId, pinHash);
        await accounts.audit(tx, { at: clock.now(), actorId: guardian.id, action: 'change_pin', objectType: 'card', objectId: cardId });
      });
      return { ok: true };
    },

    /**
     * Checks a card and its PIN. Wrong PINs are limited per card (after five in the window that card
     * waits, whoever tries it) and per kiosk or network address (`place`), whichever cards it names;
     * each attempt is counted before the PIN is checked, so parallel guesses cannot slip under the
     * limit. An unknown number and a wrong PIN answer alike; an ended card says so only to the right PIN.
     */
    async verify(
      text: string,
      pin: string,
      place: string,
    ): Promise<
      Result<{ userId: string; cardId: string }, 'card_invalid' | 'card_pin_wrong' | 'card_locked' | 'card_ended' | 'too_many_attempts'>
    > {
      const found = await findCard(text);
      if (!found.ok) return found;
      const { card } = found;
      const now = clock.now();
      // An unknown number is limited like a card, so guessing numbers is no faster than guessing PINs.
      const cardKey = card ? `card:${card.id}` : `card-number:${text.replace(/\D/g, '')}`;
      const attempt = await accounts.recordAttempts(db, [cardKey, place], now);
      const counted = await accounts.countAttempts(db, [cardKey, place], new Date(now.getTime() - FAILURE_WINDOW_MS));
      const retryAfterSeconds = FAILURE_WINDOW_MS / 1000;
      if ((counted.get(place) ?? 0) > MAX_PIN_FAILURES_PER_KIOSK) return { ok: false, code: 'too_many_attempts', retryAfterSeconds };
      if ((counted.get(cardKey) ?? 0) > MAX_PIN_FAILURES_PER_CARD) return { ok: false, code: 'card_locked', retryAfterSeconds };
      const matches = await verifyPassword(pin, card?.pin_hash ?? (await decoyHash()));
      if (!card || !matches) return { ok: false, code: 'card_pin_wrong' };
      if (card.ended_at) return { ok: false, code: 'card_ended' };
      await accounts.forgetAttempts(db, attempt, cardKey);
      return { ok: true, userId: card.user_id, cardId: card.id };
    },
  };
}

export type CardsService = ReturnType<typeof createCardsService>;
