import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { LoginInput, Me, RegisterGuardianInput, UpdateProfileInput } from '$shared/account';
import type { Role } from '$shared/roles';
import type { Locale } from '$shared/locale';
import type { Result } from '../errors';
import type { AssistedAction, AssistInfo } from '$shared/assist';
import * as accounts from '../store/accounts';
import { insertHousehold } from '../store/households';
import * as providers from '../store/providers';
import type { ApplyInput } from '$shared/provider';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { Changes, type InTransaction } from './sync/publish';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** Failed sign-ins are counted over this window. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** A single account is locked after this many failures in the window, whoever tries it. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** One network address is stopped after this many failures in the window, whichever accounts it tries. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** One network address may create this many accounts in the window (a family, a hub desk helping several). */
export const MAX_REGISTRATIONS_PER_ADDRESS = 10;

/**
 * Who is calling: the person as the API describes them, and the fields access checks use most. A
 * session opened with a card names it; one opened at a hub's kiosk names the kiosk.
 */
export type SessionUser = {
  id: string;
  role: Role;
  language: Locale;
  householdId: string | null;
  me: Me;
  cardId: string | null;
  kioskId: string | null;
  /** The hub operator who opened this session for the family at the desk (assisted mode). */
  assistedBy: string | null;
};

export type SessionLookup = { user: SessionUser; expiresAt: Date } | { user: null; expired: boolean };

/** How a secret handed out once (a session's token, an invitation's link) is kept: only its hash. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createAuthService(db: Db, clock: Clock) {
  /** Changes a person's name or language inside a transaction someone else holds (a sync mutation). */
  async function changeProfile({ tx, changes }: InTransaction, userId: string, input: UpdateProfileInput): Promise<void> {
    await accounts.updateUserProfile(tx, userId, input);
    changes.note('me', userId);
  }

  async function startSession(
    userId: string,
    origin: accounts.SessionOrigin = {},
    ttlMs: number = SESSION_TTL_MS,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await accounts.insertSession(db, tokenHash(token), userId, now, expiresAt, origin);
    return { token, expiresAt };
  }

  /**
   * A new sign-in, made in one transaction with what it belongs to (a household, an organisation):
   * `create` answers the new user's id, or null when the email is taken, and then everything it made is
   * rolled back. The person is signed in.
   */
  async function signUp(
    password: string,
    create: (tx: Queryable, passwordHash: string) => Promise<string | null>,
  ): Promise<Result<{ userId: string; token: string; expiresAt: Date }, 'email_taken'>> {
    const passwordHash = await hashPassword(password);
    const userId = await db
      .transaction(async (tx) => {
        const id = await create(tx, passwordHash);
        if (!id) throw new EmailTaken();
        return id;
      })
      .catch((error: unknown) => {
        if (error instanceof EmailTaken) return null;
        throw error;
      });
    if (!userId) return { ok: false, code: 'email_taken' };
    return { ok: true, userId, ...(await startSession(userId)) };
  }

  return {
    /**
     * Checks the password, throttled per account and per address. The attempt is counted before the
     * password is checked, so a burst of parallel guesses cannot all slip in under the limit; it is
     * forgotten again if the password is right. A wrong password and an unknown email take the same
     * time and give the same answer.
     */
    async login(
      input: LoginInput,
      address: string,
    ): Promise<Result<{ userId: string; token: string; expiresAt: Date }, 'invalid_credentials' | 'too_many_attempts'>> {
      const now = clock.now();
      const accountKey = `account:${input.email}`;
      const addressKey = `address:${address}`;
      const attempt = await accounts.recordAttempts(db, [accountKey, addressKey], now);
      const counted = await accounts.countAttempts(db, [accountKey, addressKey], new Date(now.getTime() - FAILURE_WINDOW_MS));
      if ((counted.get(accountKey) ?? 0) > MAX_FAILURES_PER_ACCOUNT || (counted.get(addressKey) ?? 0) > MAX_FAILURES_PER_ADDRESS) {
        return { ok: false, code: 'too_many_attempts', retryAfterSeconds: FAILURE_WINDOW_MS / 1000 };
      }
      const user = await accounts.findUserByEmail(db, input.email);
      const matches = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
      if (!user || !matches) return { ok: false, code: 'invalid_credentials' };
      await accounts.forgetAttempts(db, attempt, accountKey);
      return { ok: true, userId: user.id, ...(await startSession(user.id)) };
    },

    /** Registrations from one address in the window; each costs a password hash, so they are limited too. */
    async mayRegister(address: string): Promise<Result<object, 'too_many_attempts'>> {
      const now = clock.now();
      const key = `register:${address}`;
      await accounts.recordAttempts(db, [key], now);
      const counted = await accounts.countAttempts(db, [key], new Date(now.getTime() - FAILURE_WINDOW_MS));
      if ((counted.get(key) ?? 0) > MAX_REGISTRATIONS_PER_ADDRESS)
        return { ok: false, code: 'too_many_attempts', retryAfterSeconds: FAILURE_WINDOW_MS / 1000 };
      return { ok: true };
    },

    async logout(token: string): Promise<void> {
      await accounts.deleteSession(db, tokenHash(token));
    },

    async lookupSession(token: string): Promise<SessionLookup> {
      const found = await accounts.findSession(db, tokenHash(token));
      if (!found) return { user: null, expired: true };
      if (found.expiresAt.getTime() <= clock.now().getTime()) {
        await accounts.deleteSession(db, tokenHash(token));
        return { user: null, expired: true };
      }
      const { me, cardId, kioskId, assistedBy } = found;
      return {
        expiresAt: found.expiresAt,
        user: { id: me.id, role: me.role, language: me.language, householdId: me.household?.id ?? null, me, cardId, kioskId, assistedBy },
      };
    },

    /** A guardian signs up: their household is created with them, and they are signed in. */
    registerGuardian: (input: RegisterGuardianInput) =>
      signUp(input.password, async (tx, passwordHash) => {
        const householdId = await insertHousehold(tx, input.municipio);
        const id = await accounts.insertUser(tx, { ...input, passwordHash, role: 'guardian', householdId });
        if (id)
          await accounts.audit(tx, { at: clock.now(), actorId: id, action: 'register', objectType: 'household', objectId: householdId });
        return id;
      }),

    /**
     * An organisation answers the public call: its application waits for the city, and the person who
     * filed it becomes its first staff sign-in, signed in to follow it.
     */
    applyAsProvider: (input: ApplyInput) =>
      signUp(input.account.password, async (tx, passwordHash) => {
        const now = clock.now();
        const providerId = await providers.insertProvider(tx, input.application, now);
        const id = await accounts.insertUser(tx, { ...input.account, passwordHash, role: 'provider', providerId });
        if (!id) return null;
        await providers.insertEvent(tx, { providerId, at: now, from: null, to: 'applied', reason: '', by: id });
        await accounts.audit(tx, { at: now, actorId: id, action: 'apply', objectType: 'provider', objectId: providerId });
        return id;
      }),

    me: (userId: string) => accounts.loadMe(db, userId),

    /** An entry in the audit trail, now. */
    audit: (entry: { actorId: string; action: string; objectType: string; objectId: string }) =>
      accounts.audit(db, { ...entry, at: clock.now() }),

    /** Who is helping this session's family at a hub's desk, if anyone. */
    async assistInfo(operatorId: string): Promise<AssistInfo | null> {
      const operator = await accounts.loadMe(db, operatorId);
      return operator ? { operator: { name: operator.name, language: operator.language }, hubName: operator.hub?.name ?? '' } : null;
    },

    /** What operators did for the household at a hub's desk, newest first. */
    assistedActions: (householdId: string): Promise<AssistedAction[]> => accounts.assistedActions(db, householdId),

    /**
     * Signs in someone who has just proved who they are another way (an invitation's link and a new
     * password, a card and its PIN); a session opened at a kiosk is short and ends with it.
     */
    sessionFor: startSession,

    /** Changes a person's name or language, and answers them as they now are. */
    async updateProfile(userId: string, changes: UpdateProfileInput) {
      return db.transaction(async (tx) => {
        const noted = new Changes();
        await changeProfile({ tx, changes: noted }, userId, changes);
        await noted.flush(tx, clock.now());
        return accounts.loadMe(tx, userId);
      });
    },

    changeProfile,

    /** Hourly housekeeping: expired sessions, and attempts older than the throttling window. */
    async removeExpired(): Promise<void> {
      const now = clock.now();
      await accounts.deleteExpiredSessions(db, now);
      await accounts.deleteAttemptsBefore(db, new Date(now.getTime() - FAILURE_WINDOW_MS));
    },
  };
}

/** Thrown inside a transaction to roll the new household (or organisation) back when the email is taken. */
class EmailTaken extends Error {}

export type AuthService = ReturnType<typeof createAuthService>;
