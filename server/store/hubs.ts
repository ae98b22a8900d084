import type { Queryable } from './db';
import type { CityHub, HubInput, OfferNearby, PublicHub } from '$shared/hubs';
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
  h.closed_at, h.created_at, (SELECT count(*)::int FROM users u WHERE u.hub_id = h.id) AS operators`;

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

export async function closeHub(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE hubs SET closed_at = $2, updated_at = $2 WHERE id = $1', [id, now]);
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
