import type { Queryable } from './db';
import type { CityHub, HubInput, HubStaff, InvitationView, OfferNearby, PublicHub } from '$shared/hubs';
import type { Municipio } from '$shared/municipi';

type HubRow = {
  id: string;
  name: string;
  address: string;
  municipio: number;
  lat: number | null;
  lon: number | null;
  hours: PublicHub['hours'];
  languages: PublicHub['languages'];
  accessibility: PublicHub['accessibility'];
  closed_at: Date | null;
  created_at: Date;
  operators: number;
};

const HUB_COLUMNS = `h.id, h.name, h.address, h.municipio::int AS municipio, h.lat, h.lon, h.hours, h.languages, h.accessibility,
  h.closed_at, h.created_at, (SELECT count(*)::int FROM users u WHERE u.hub_id = h.id AND u.removed_at IS NULL) AS operators`;

const toPublic = (row: HubRow): PublicHub => ({
  id: row.id,
  name: row.name,
  address: row.address,
  municipio: Number(row.municipio) as Municipio,
  lat: row.lat === null ? null : Number(row.lat),
  lon: row.lon === null ? null : Number(row.lon),
  hours: row.hours,
  languages: row.languages,
  accessibility: row.accessibility,
});

const toCity = (row: HubRow): CityHub => ({
  ...toPublic(row),
  closedAt: row.closed_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  operators: Number(row.operators),
});

/** Every hub, open ones first, each by municipio and name (closed ones too for the city). */
export async function listHubs(db: Queryable, { includeClosed }: { includeClosed: boolean }): Promise<CityHub[]> {
  const rows = await db.query<HubRow>(
    `SELECT ${HUB_COLUMNS} FROM hubs h ${includeClosed ? '' : 'WHERE h.closed_at IS NULL'}
      ORDER BY h.closed_at IS NOT NULL, h.municipio, h.name, h.id`,
  );
  return rows.map(toCity);
}

export async function loadHub(db: Queryable, id: string): Promise<CityHub | null> {
  const [row] = await db.query<HubRow>(`SELECT ${HUB_COLUMNS} FROM hubs h WHERE h.id = $1`, [id]);
  return row ? toCity(row) : null;
}

export const publicHub = (hub: CityHub): PublicHub => {
  const { closedAt: _closed, createdAt: _created, operators: _operators, ...rest } = hub;
  return rest;
};

const values = (input: HubInput) => [
  input.name,
  input.address,
  input.municipio,
  input.lat,
  input.lon,
  JSON.stringify(input.hours),
  input.languages,
  input.accessibility,
];

export async function insertHub(db: Queryable, input: HubInput, now: Date): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO hubs (name, address, municipio, lat, lon, hours, languages, accessibility, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [...values(input), now],
  );
  return row.id;
}

/** The hub's row locked for a change: null if there is no such hub. */
export async function lockHub(db: Queryable, id: string): Promise<{ closedAt: Date | null } | null> {
  const [row] = await db.query<{ closed_at: Date | null }>('SELECT closed_at FROM hubs WHERE id = $1 FOR UPDATE', [id]);
  return row ? { closedAt: row.closed_at } : null;
}

export async function updateHub(db: Queryable, id: string, input: HubInput, now: Date): Promise<void> {
  await db.query(
    `UPDATE hubs SET name = $2, address = $3, municipio = $4, lat = $5, lon = $6, hours = $7, languages = $8, accessibility = $9, updated_at = $10
      WHERE id = $1`,
    [id, ...values(input), now],
  );
}

/** Closes the hub; the invitations it had sent stop working with it. */
export async function closeHub(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE hubs SET closed_at = $2, updated_at = $2 WHERE id = $1', [id, now]);
  await db.query('UPDATE hub_invitations SET withdrawn_at = $2 WHERE hub_id = $1 AND accepted_at IS NULL AND withdrawn_at IS NULL', [
    id,
    now,
  ]);
}

/**
 * Published activities of accredited providers inside a box around a place (`km` each way): the
 * caller measures the real distance. A box is what an index on lat and lon could serve.
 */
export async function offersAround(db: Queryable, place: { lat: number; lon: number }, km: number): Promise<OfferNearby[]> {
  const dLat = km / 111.2;
  const dLon = km / (111.32 * Math.cos((place.lat * Math.PI) / 180));
  const rows = await db.query<{
    id: string;
    title: OfferNearby['title'];
    category: OfferNearby['category'];
    provider_name: string;
    address: string;
    age_min: number;
    age_max: number;
    lat: number;
    lon: number;
  }>(
    `SELECT o.id, o.title, o.category, p.name AS provider_name, o.address, o.age_min::int AS age_min, o.age_max::int AS age_max, o.lat, o.lon
       FROM offers o JOIN providers p ON p.id = o.provider_id
      WHERE o.status = 'published' AND p.status = 'accredited'
        AND o.lat BETWEEN $1 AND $2 AND o.lon BETWEEN $3 AND $4`,
    [place.lat - dLat, place.lat + dLat, place.lon - dLon, place.lon + dLon],
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    category: row.category,
    providerName: row.provider_name,
    address: row.address,
    ageMin: Number(row.age_min),
    ageMax: Number(row.age_max),
    lat: Number(row.lat),
    lon: Number(row.lon),
  }));
}

/** The hub's operators (not removed) and the invitations still waiting for an answer. */
export async function staffOf(db: Queryable, hubId: string, now: Date): Promise<HubStaff> {
  const [operators, invitations] = await Promise.all([
    db.query<{ id: string; name: string; email: string; created_at: Date }>(
      `SELECT id, name, email, created_at FROM users WHERE hub_id = $1 AND role = 'hub_operator' AND removed_at IS NULL ORDER BY name, id`,
      [hubId],
    ),
    db.query<{ id: string; name: string; email: string; created_at: Date; expires_at: Date }>(
      `SELECT id, name, email, created_at, expires_at FROM hub_invitations
        WHERE hub_id = $1 AND accepted_at IS NULL AND withdrawn_at IS NULL AND expires_at > $2 ORDER BY created_at, id`,
      [hubId, now],
    ),
  ]);
  return {
    operators: operators.map((o) => ({ id: o.id, name: o.name, email: o.email, since: o.created_at.toISOString() })),
    invitations: invitations.map((i) => ({
      id: i.id,
      name: i.name,
      email: i.email,
      createdAt: i.created_at.toISOString(),
      expiresAt: i.expires_at.toISOString(),
    })),
  };
}

/** Whether someone who can sign in already uses this email. */
export async function emailInUse(db: Queryable, email: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM users WHERE email = $1 AND removed_at IS NULL', [email]);
  return rows.length > 0;
}

export async function insertInvitation(
  db: Queryable,
  invitation: { hubId: string; name: string; email: string; tokenHash: string; by: string; now: Date; expiresAt: Date },
): Promise<string> {
  // A new invitation to the same person at the same hub replaces the one before (a lost link, a typo fixed).
  await db.query(
    'UPDATE hub_invitations SET withdrawn_at = $3 WHERE hub_id = $1 AND email = $2 AND accepted_at IS NULL AND withdrawn_at IS NULL',
    [invitation.hubId, invitation.email, invitation.now],
  );
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO hub_invitations (hub_id, name, email, token_hash, invited_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [invitation.hubId, invitation.name, invitation.email, invitation.tokenHash, invitation.by, invitation.now, invitation.expiresAt],
  );
  return row.id;
}

type InvitationRow = {
  id: string;
  hub_id: string;
  hub_name: string;
  hub_closed_at: Date | null;
  name: string;
  email: string;
  expires_at: Date;
  accepted_at: Date | null;
  withdrawn_at: Date | null;
};

/** An invitation by its link's hash, with its hub (locked for the answer when `lock`). */
export async function invitationByToken(
  db: Queryable,
  tokenHash: string,
  { lock }: { lock: boolean },
): Promise<(InvitationRow & { view: InvitationView }) | null> {
  const [row] = await db.query<InvitationRow>(
    `SELECT i.id, i.hub_id, h.name AS hub_name, h.closed_at AS hub_closed_at, i.name, i.email, i.expires_at, i.accepted_at, i.withdrawn_at
       FROM hub_invitations i JOIN hubs h ON h.id = i.hub_id WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [tokenHash],
  );
  return row
    ? { ...row, view: { hubName: row.hub_name, name: row.name, email: row.email, expiresAt: row.expires_at.toISOString() } }
    : null;
}

/**
 * Makes the invited person an operator of the hub: a new sign-in, or, for an operator removed from
 * some hub before, the same one back. Null when the email belongs to someone else who can sign in.
 */
export async function addOperator(
  db: Queryable,
  operator: { hubId: string; name: string; email: string; passwordHash: string; language: string },
): Promise<string | null> {
  const [inserted] = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, name, role, language, hub_id) VALUES ($1, $2, $3, 'hub_operator', $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [operator.email, operator.passwordHash, operator.name, operator.language, operator.hubId],
  );
  if (inserted) return inserted.id;
  const [back] = await db.query<{ id: string }>(
    `UPDATE users SET removed_at = NULL, hub_id = $2, password_hash = $3, name = $4, language = $5
      WHERE email = $1 AND role = 'hub_operator' AND removed_at IS NOT NULL RETURNING id`,
    [operator.email, operator.hubId, operator.passwordHash, operator.name, operator.language],
  );
  return back?.id ?? null;
}

export async function markAccepted(db: Queryable, invitationId: string, userId: string, now: Date): Promise<void> {
  await db.query('UPDATE hub_invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1', [invitationId, now, userId]);
}

/** Withdraws an invitation still waiting; false if there is none such at this hub. */
export async function withdrawInvitation(db: Queryable, hubId: string, invitationId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE hub_invitations SET withdrawn_at = $3 WHERE id = $1 AND hub_id = $2 AND accepted_at IS NULL AND withdrawn_at IS NULL RETURNING 1',
    [invitationId, hubId, now],
  );
  return rows.length > 0;
}

/** Removes an operator from the hub and ends every session they have; false if they do not work there. */
export async function removeOperator(db: Queryable, hubId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET removed_at = $3 WHERE id = $1 AND hub_id = $2 AND role = 'hub_operator' AND removed_at IS NULL RETURNING 1`,
    [userId, hubId, now],
  );
  if (rows.length === 0) return false;
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  return true;
}
