import type { Queryable } from './db';
import type { Role } from '$shared/roles';
import type { Locale } from '$shared/locale';
import type { Me } from '$shared/account';
import type { AssistedAction } from '$shared/assist';

export type UserRow = {
  id: string;
  email: string | null;
  password_hash: string | null;
  name: string;
  role: Role;
  language: Locale;
  household_id: string | null;
  provider_id: string | null;
  hub_id: string | null;
};

export type NewUser = {
  email: string;
  passwordHash: string;
  name: string;
  role: Role;
  language: Locale;
  householdId?: string | null;
  providerId?: string | null;
  hubId?: string | null;
};

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  // A removed operator signs in no more: as if there were no such person.
  const [row] = await db.query<UserRow>('SELECT * FROM users WHERE email = $1 AND removed_at IS NULL', [email]);
  return row ?? null;
}

/** Inserts a user; null when the email is already taken (the unique index decides, not a prior read). */
export async function insertUser(db: Queryable, user: NewUser): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, name, role, language, household_id, provider_id, hub_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (email) DO NOTHING
     RETURNING id`,
    [
      user.email,
      user.passwordHash,
      user.name,
      user.role,
      user.language,
      user.householdId ?? null,
      user.providerId ?? null,
      user.hubId ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

export async function updateUserProfile(db: Queryable, userId: string, changes: { language?: Locale; name?: string }): Promise<void> {
  await db.query('UPDATE users SET language = COALESCE($2, language), name = COALESCE($3, name) WHERE id = $1', [
    userId,
    changes.language ?? null,
    changes.name ?? null,
  ]);
}

type MeRow = {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  language: Locale;
  household_id: string | null;
  municipio: number | null;
  provider_id: string | null;
  provider_name: string | null;
  hub_id: string | null;
  hub_name: string | null;
};

/** A person with what they belong to; the same joins serve a look-up by id and by session. */
const ME_COLUMNS = `u.id, u.email, u.name, u.role, u.language,
            h.id AS household_id, h.municipio::int AS municipio,
            p.id AS provider_id, p.name AS provider_name,
            hb.id AS hub_id, hb.name AS hub_name`;
const ME_JOINS = `LEFT JOIN households h ON h.id = u.household_id
       LEFT JOIN providers p ON p.id = u.provider_id
       LEFT JOIN hubs hb ON hb.id = u.hub_id`;

function toMe(row: MeRow): Me {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    household: row.household_id ? { id: row.household_id, municipio: Number(row.municipio) } : null,
    provider: row.provider_id ? { id: row.provider_id, name: row.provider_name ?? '' } : null,
    hub: row.hub_id ? { id: row.hub_id, name: row.hub_name ?? '' } : null,
  };
}

/** The signed-in user as the API describes them, with what they belong to. */
export async function loadMe(db: Queryable, userId: string): Promise<Me | null> {
  const [row] = await db.query<MeRow>(`SELECT ${ME_COLUMNS} FROM users u ${ME_JOINS} WHERE u.id = $1`, [userId]);
  return row ? toMe(row) : null;
}

/** How a session was opened, when not with a password: with a card, at a kiosk (both end with it). */
export type SessionOrigin = { cardId?: string | null; kioskId?: string | null; assistedBy?: string | null };

export async function insertSession(
  db: Queryable,
  tokenHash: string,
  userId: string,
  now: Date,
  expiresAt: Date,
  origin: SessionOrigin = {},
): Promise<void> {
  await db.query(
    'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, card_id, kiosk_id, assisted_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [tokenHash, userId, now, expiresAt, origin.cardId ?? null, origin.kioskId ?? null, origin.assistedBy ?? null],
  );
}

/**
 * The person a session belongs to, in one query, since every signed-in request asks it. A session
 * opened with a card that has ended, or at a kiosk since revoked, is no session.
 */
export async function findSession(
  db: Queryable,
  tokenHash: string,
): Promise<{ me: Me; expiresAt: Date; cardId: string | null; kioskId: string | null; assistedBy: string | null } | null> {
  const [row] = await db.query<MeRow & { expires_at: Date; card_id: string | null; kiosk_id: string | null; assisted_by: string | null }>(
    `SELECT ${ME_COLUMNS}, s.expires_at, s.card_id, s.kiosk_id, s.assisted_by
       FROM sessions s JOIN users u ON u.id = s.user_id ${ME_JOINS}
       LEFT JOIN cards c ON c.id = s.card_id
       LEFT JOIN kiosks k ON k.id = s.kiosk_id
      WHERE s.token_hash = $1 AND u.removed_at IS NULL
        AND (s.card_id IS NULL OR c.ended_at IS NULL)
        AND (s.kiosk_id IS NULL OR k.revoked_at IS NULL)`,
    [tokenHash],
  );
  return row ? { me: toMe(row), expiresAt: row.expires_at, cardId: row.card_id, kioskId: row.kiosk_id, assistedBy: row.assisted_by } : null;
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1', [now]);
  return rows.length;
}

/** Counts the sign-in (or registration) attempts per key since a moment. */
export async function countAttempts(db: Queryable, keys: string[], since: Date): Promise<Map<string, number>> {
  const rows = await db.query<{ key: string; n: number }>(
    'SELECT key, count(*)::int AS n FROM sign_in_failures WHERE key = ANY($1::text[]) AND at > $2 GROUP BY key',
    [keys, since],
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

/** Records one attempt under each key; answers the rows' ids, to forget them if the attempt succeeds. */
export async function recordAttempts(db: Queryable, keys: string[], at: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>('INSERT INTO sign_in_failures (key, at) SELECT unnest($1::text[]), $2 RETURNING id::text', [
    keys,
    at,
  ]);
  return rows.map((r) => r.id);
}

/** A successful sign-in: this attempt does not count, and the account's earlier failures are cleared. */
export async function forgetAttempts(db: Queryable, ids: string[], accountKey: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE id = ANY($1::bigint[]) OR key = $2', [ids, accountKey]);
}

export async function deleteAttemptsBefore(db: Queryable, before: Date): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE at <= $1', [before]);
}

export async function audit(
  db: Queryable,
  entry: { at: Date; actorId: string | null; action: string; objectType: string; objectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor_id, action, object_type, object_id, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.at,
    entry.actorId,
    entry.action,
    entry.objectType,
    entry.objectId,
    JSON.stringify(entry.details ?? {}),
  ]);
}

/** Something an operator did for a household at the hub's desk, for the family's history. */
export async function recordAssisted(
  db: Queryable,
  entry: { householdId: string; operatorId: string; action: string; at: Date },
): Promise<void> {
  await db.query('INSERT INTO assisted_actions (household_id, operator_id, action, at) VALUES ($1, $2, $3, $4)', [
    entry.householdId,
    entry.operatorId,
    entry.action,
    entry.at,
  ]);
}

export async function assistedActions(db: Queryable, householdId: string): Promise<AssistedAction[]> {
  const rows = await db.query<{ action: string; at: Date; operator: string; hub_name: string | null }>(
    `SELECT a.action, a.at, u.name AS operator, hb.name AS hub_name
       FROM assisted_actions a JOIN users u ON u.id = a.operator_id LEFT JOIN hubs hb ON hb.id = u.hub_id
      WHERE a.household_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 100`,
    [householdId],
  );
  return rows.map((r) => ({ action: r.action, at: r.at.toISOString(), operator: r.operator, hubName: r.hub_name }));
}

/** Whether a youth signs in with a card only (no email, no password yet). */
export async function isCardOnly(db: Queryable, userId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE id = $1 AND email IS NULL', [userId])).length > 0;
}

/** Gives a card-only youth an email and password; false when the email belongs to someone already (the unique index would refuse it). */
export async function giveSignIn(db: Queryable, userId: string, email: string, passwordHash: string): Promise<boolean> {
  if ((await db.query('SELECT 1 FROM users WHERE email = $1', [email])).length > 0) return false;
  await db.query('UPDATE users SET email = $2, password_hash = $3 WHERE id = $1 AND email IS NULL', [userId, email, passwordHash]);
  return true;
}
