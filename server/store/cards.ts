import type { Queryable } from './db';

export type CardRow = {
  id: string;
  number: string;
  user_id: string;
  hub_id: string;
  hub_name: string;
  pin_hash: string;
  issued_at: Date;
  ended_at: Date | null;
  end_reason: 'lost' | 'revoked' | 'replaced' | null;
  holder: string;
  role: 'youth' | 'guardian';
  household_id: string;
  minor_id: string | null;
};

const CARD_COLUMNS = `c.id, c.number, c.user_id, c.hub_id, hb.name AS hub_name, c.pin_hash, c.issued_at, c.ended_at, c.end_reason,
       u.name AS holder, u.role, u.household_id, m.id AS minor_id`;
const CARD_JOINS = `JOIN users u ON u.id = c.user_id JOIN hubs hb ON hb.id = c.hub_id LEFT JOIN minors m ON m.user_id = c.user_id`;

export async function cardById(db: Queryable, id: string): Promise<CardRow | null> {
  const [row] = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards c ${CARD_JOINS} WHERE c.id = $1`, [id]);
  return row ?? null;
}

export async function cardByNumber(db: Queryable, number: string): Promise<CardRow | null> {
  const [row] = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards c ${CARD_JOINS} WHERE c.number = $1`, [number]);
  return row ?? null;
}

/** Every card of a household's people, newest first, ended ones too (the family sees what it reported lost). */
export async function cardsOfHousehold(db: Queryable, householdId: string): Promise<CardRow[]> {
  return db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards c ${CARD_JOINS} WHERE u.household_id = $1 ORDER BY c.issued_at DESC, c.id`, [
    householdId,
  ]);
}

/** Inserts a card; null when the number is taken (the caller draws another). */
export async function insertCard(
  db: Queryable,
  card: { number: string; userId: string; hubId: string; pinHash: string; by: string; at: Date },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO cards (number, user_id, hub_id, pin_hash, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (number) DO NOTHING RETURNING id`,
    [card.number, card.userId, card.hubId, card.pinHash, card.by, card.at],
  );
  return row?.id ?? null;
}

/** Ends the person's working card, if any (for a reason), and signs out every session it opened. */
export async function endLiveCard(db: Queryable, userId: string, reason: 'lost' | 'revoked' | 'replaced', by: string, at: Date) {
  const ended = await db.query<{ id: string }>(
    'UPDATE cards SET ended_at = $3, end_reason = $2, ended_by = $4 WHERE user_id = $1 AND ended_at IS NULL RETURNING id',
    [userId, reason, at, by],
  );
  if (ended.length > 0) await db.query('DELETE FROM sessions WHERE card_id = ANY($1::uuid[])', [ended.map((r) => r.id)]);
  return ended.length > 0;
}

/** A new PIN: whoever signed in with the old one (someone who learned it) is signed out. */
export async function setPin(db: Queryable, cardId: string, pinHash: string): Promise<void> {
  await db.query('UPDATE cards SET pin_hash = $2 WHERE id = $1', [cardId, pinHash]);
  await db.query('DELETE FROM sessions WHERE card_id = $1', [cardId]);
}

/** Ends one card, if it still works, and signs out every session it opened; false when it had ended already. */
export async function endCard(db: Queryable, cardId: string, reason: 'lost' | 'revoked', by: string, at: Date): Promise<boolean> {
  const ended = await db.query(
    'UPDATE cards SET ended_at = $3, end_reason = $2, ended_by = $4 WHERE id = $1 AND ended_at IS NULL RETURNING 1',
    [cardId, reason, at, by],
  );
  if (ended.length === 0) return false;
  await db.query('DELETE FROM sessions WHERE card_id = $1', [cardId]);
  return true;
}

/** The person's row, locked for the rest of the transaction: two cards issued for them at once are made one after the other. */
export async function lockHolder(db: Queryable, userId: string): Promise<void> {
  await db.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
}

/** A youth sign-in with no email and no password, for a child who plays with a card only. */
export async function insertCardOnlyYouth(db: Queryable, youth: { name: string; language: string; householdId: string }): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO users (email, password_hash, name, role, language, household_id) VALUES (NULL, NULL, $1, 'youth', $2, $3) RETURNING id",
    [youth.name, youth.language, youth.householdId],
  );
  return row.id;
}

/** Cards ended since an instant: a kiosk refuses them even with no network. */
export async function endedSince(db: Queryable, since: Date): Promise<{ ids: string[]; numbers: string[] }> {
  const rows = await db.query<{ id: string; number: string }>('SELECT id, number FROM cards WHERE ended_at > $1 ORDER BY ended_at', [
    since,
  ]);
  return { ids: rows.map((r) => r.id), numbers: rows.map((r) => r.number) };
}

/** A family as the hub's desk finds it: by its guardian's sign-in email, exactly. */
export async function guardianByEmail(
  db: Queryable,
  email: string,
): Promise<{ householdId: string; guardianId: string; language: string } | null> {
  const [row] = await db.query<{ household_id: string; id: string; language: string }>(
    "SELECT household_id, id, language FROM users WHERE email = $1 AND role = 'guardian' AND removed_at IS NULL",
    [email],
  );
  return row ? { householdId: row.household_id, guardianId: row.id, language: row.language } : null;
}
