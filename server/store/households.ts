import type { Queryable } from './db';
import type { Household, Minor } from '$shared/household';

export async function insertHousehold(db: Queryable, municipio: number): Promise<string> {
  const [row] = await db.query<{ id: string }>('INSERT INTO households (municipio) VALUES ($1) RETURNING id', [municipio]);
  return row.id;
}

export async function loadHousehold(db: Queryable, householdId: string): Promise<Household | null> {
  const [household] = await db.query<{ id: string; municipio: number }>(
    'SELECT id, municipio::int AS municipio FROM households WHERE id = $1',
    [householdId],
  );
  if (!household) return null;
  const guardians = await db.query<{ id: string; name: string; email: string }>(
    "SELECT id, name, email FROM users WHERE household_id = $1 AND role = 'guardian' ORDER BY created_at, id",
    [householdId],
  );
  return { id: household.id, municipio: Number(household.municipio), guardians, minors: await loadMinors(db, householdId) };
}

export async function loadMinors(db: Queryable, householdId: string): Promise<Minor[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    birth_date: string;
    disability: boolean;
    user_id: string | null;
    email: string | null;
  }>(
    `SELECT m.id, m.name, m.birth_date::text AS birth_date, m.disability, m.user_id, u.email
       FROM minors m LEFT JOIN users u ON u.id = m.user_id
      WHERE m.household_id = $1
      ORDER BY m.birth_date, m.id`,
    [householdId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    birthDate: r.birth_date,
    disability: r.disability,
    userId: r.user_id,
    email: r.email,
  }));
}

/** Adds a minor; a device that chose the id itself (to show the child before syncing) passes it. Null: the id is taken. */
export async function insertMinor(
  db: Queryable,
  householdId: string,
  minor: { id?: string; name: string; birthDate: string; disability: boolean },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO minors (id, household_id, name, birth_date, disability) VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id',
    [minor.id ?? null, householdId, minor.name, minor.birthDate, minor.disability],
  );
  return row?.id ?? null;
}

/** A minor of the household as a booking reads them: their age, their own sign-in if any, and their name. */
export async function findMinor(
  db: Queryable,
  householdId: string,
  minorId: string,
): Promise<{ birthDate: string; userId: string | null; name: string } | null> {
  const [row] = await db.query<{ birth_date: string; user_id: string | null; name: string }>(
    'SELECT birth_date::text AS birth_date, user_id, name FROM minors WHERE id = $1 AND household_id = $2',
    [minorId, householdId],
  );
  return row ? { birthDate: row.birth_date, userId: row.user_id, name: row.name } : null;
}

/** Whether this sign-in is the minor's own (a youth acting for themselves). */
export async function isMinorsOwnUser(db: Queryable, minorId: string, userId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM minors WHERE id = $1 AND user_id = $2', [minorId, userId])).length > 0;
}

/** The minor, locked for the rest of the transaction so two sign-ins cannot be created for them at once. */
export async function lockMinor(db: Queryable, householdId: string, minorId: string) {
  const [row] = await db.query<{ id: string; name: string; birth_date: string; user_id: string | null }>(
    'SELECT id, name, birth_date::text AS birth_date, user_id FROM minors WHERE id = $1 AND household_id = $2 FOR UPDATE',
    [minorId, householdId],
  );
  return row ?? null;
}

export async function linkMinorUser(db: Queryable, minorId: string, userId: string): Promise<void> {
  await db.query('UPDATE minors SET user_id = $2 WHERE id = $1', [minorId, userId]);
}
