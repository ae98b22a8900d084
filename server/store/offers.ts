import type { Queryable } from './db';
import { PHOTOS } from './catalogue';
import { writtenText, type OfferInput, type ProviderOffer, type ProviderSession, type SessionsInput } from '$shared/offer';

const COLUMNS = `o.id, o.version, o.revision, o.updated_at, o.status, o.category, o.pillars, o.title, o.description, o.age_min::int AS age_min, o.age_max::int AS age_max,
  o.price_cents, o.voucher_accepted, o.credit_price, o.address, o.municipio::int AS municipio, o.lat, o.lon, o.accessibility, o.languages,
  o.cancel_hours::int AS cancel_hours,
  (SELECT coalesce(json_agg(json_build_object('id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'capacity', s.capacity, 'seatsTaken', s.seats_taken, 'status', s.status)
                            ORDER BY s.starts_at, s.id), '[]')
     FROM offer_sessions s WHERE s.offer_id = o.id AND s.ends_at > $2) AS sessions,
  ${PHOTOS} AS photos`;

function toOffer(r: Record<string, unknown>): ProviderOffer {
  return {
    id: String(r.id),
    version: Number(r.version),
    revision: Number(r.revision),
    updatedAt: new Date(r.updated_at as string).toISOString(),
    status: r.status as ProviderOffer['status'],
    category: r.category as ProviderOffer['category'],
    pillars: r.pillars as ProviderOffer['pillars'],
    title: r.title as ProviderOffer['title'],
    description: r.description as ProviderOffer['description'],
    ageMin: Number(r.age_min),
    ageMax: Number(r.age_max),
    priceCents: Number(r.price_cents),
    voucherAccepted: Boolean(r.voucher_accepted),
    creditPrice: r.credit_price === null ? null : Number(r.credit_price),
    address: String(r.address),
    municipio: Number(r.municipio) as ProviderOffer['municipio'],
    lat: Number(r.lat),
    lon: Number(r.lon),
    accessibility: r.accessibility as ProviderOffer['accessibility'],
    languages: r.languages as ProviderOffer['languages'],
    cancelHours: Number(r.cancel_hours),
    photos: (r.photos as ProviderOffer['photos'] | null) ?? [],
    sessions: (r.sessions as ProviderSession[]).map((s) => ({
      ...s,
      startsAt: new Date(s.startsAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
    })),
  };
}

/** A provider's offers, drafts and withdrawn ones too, each with its sessions not yet over. */
export async function ownOffers(db: Queryable, providerId: string, now: Date): Promise<ProviderOffer[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM offers o WHERE o.provider_id = $1 ORDER BY o.status = 'published' DESC, o.updated_at DESC, o.id`,
    [providerId, now],
  );
  return rows.map(toOffer);
}

export async function ownOffer(db: Queryable, providerId: string, id: string, now: Date): Promise<ProviderOffer | null> {
  const [row] = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM offers o WHERE o.provider_id = $1 AND o.id = $3`, [
    providerId,
    now,
    id,
  ]);
  return row ? toOffer(row) : null;
}

const values = (o: OfferInput) => [
  o.category,
  o.pillars,
  JSON.stringify(writtenText(o.title)),
  JSON.stringify(writtenText(o.description)),
  o.ageMin,
  o.ageMax,
  o.priceCents,
  o.voucherAccepted,
  o.creditPrice,
  o.address,
  o.municipio,
  o.lat,
  o.lon,
  o.accessibility,
  o.languages,
  o.cancelHours,
  o.status,
];

export async function insertOffer(db: Queryable, providerId: string, offer: OfferInput, now: Date): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO offers (category, pillars, title, description, age_min, age_max, price_cents, voucher_accepted, credit_price,
                         address, municipio, lat, lon, accessibility, languages, cancel_hours, status, provider_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id`,
    [...values(offer), providerId, now],
  );
  return row.id;
}

/** The offer's revision, its row locked for the edit; null when it is not this provider's. */
export async function lockOwnOffer(db: Queryable, providerId: string, id: string): Promise<{ revision: number } | null> {
  const [row] = await db.query<{ revision: number }>('SELECT revision FROM offers WHERE id = $1 AND provider_id = $2 FOR UPDATE', [
    id,
    providerId,
  ]);
  return row ? { revision: Number(row.revision) } : null;
}

export async function updateOffer(db: Queryable, id: string, offer: OfferInput): Promise<void> {
  await db.query(
    `UPDATE offers SET category = $1, pillars = $2, title = $3, description = $4, age_min = $5, age_max = $6, price_cents = $7, voucher_accepted = $8,
            credit_price = $9, address = $10, municipio = $11, lat = $12, lon = $13, accessibility = $14, languages = $15, cancel_hours = $16, status = $17
      WHERE id = $18`,
    [...values(offer), id],
  );
}

/** When the first of a run of sessions would begin: its date and Milan time of day, as an instant. */
export async function firstStart(db: Queryable, s: SessionsInput): Promise<Date> {
  const [row] = await db.query<{ at: string }>("SELECT ($1::date + $2::time) AT TIME ZONE 'Europe/Rome' AS at", [s.firstDate, s.time]);
  return new Date(row.at);
}

/** Weekly sessions from a first date, at a Milan time of day; answers how many were added. */
export async function addSessions(db: Queryable, offerId: string, s: SessionsInput): Promise<number> {
  return db.count(
    `INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity)
     SELECT $1, (d::date + $3::time) AT TIME ZONE 'Europe/Rome', (d::date + $3::time + make_interval(mins => $4)) AT TIME ZONE 'Europe/Rome', $5
       FROM generate_series($2::date, $2::date + 7 * ($6 - 1), interval '7 days') AS d`,
    [offerId, s.firstDate, s.time, s.minutes, s.capacity, s.weeks],
  );
}

/** One of the provider's sessions: whether it still runs and when it starts. */
export async function ownSession(db: Queryable, providerId: string, offerId: string, sessionId: string) {
  const [row] = await db.query<{ status: ProviderSession['status']; starts_at: string }>(
    `SELECT s.status, s.starts_at FROM offer_sessions s JOIN offers o ON o.id = s.offer_id
      WHERE s.id = $1 AND s.offer_id = $2 AND o.provider_id = $3`,
    [sessionId, offerId, providerId],
  );
  return row ? { status: row.status, startsAt: new Date(row.starts_at) } : null;
}

/** Calls a session off; from then on it takes no booking (booking checks the status under the same lock). */
export async function cancelSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query("UPDATE offer_sessions SET status = 'cancelled' WHERE id = $1", [sessionId]);
}

/** How many photos an offer has, its row locked by the caller: two uploads at once count one after the other. */
export async function photoCount(db: Queryable, offerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_photos WHERE offer_id = $1', [offerId]);
  return Number(row.n);
}

export async function insertPhoto(
  db: Queryable,
  photo: { id: string; offerId: string; contentType: string; bytes: Uint8Array; alt: Record<string, string>; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO offer_photos (id, offer_id, content_type, bytes, alt, position, created_at)
     VALUES ($1, $2, $3, $4, $5, coalesce((SELECT max(position) + 1 FROM offer_photos WHERE offer_id = $2), 0), $6)`,
    [photo.id, photo.offerId, photo.contentType, photo.bytes, JSON.stringify(photo.alt), photo.now],
  );
}

export async function deletePhoto(db: Queryable, offerId: string, photoId: string): Promise<boolean> {
  return (await db.count('DELETE FROM offer_photos WHERE id = $1 AND offer_id = $2', [photoId, offerId])) === 1;
}

/** A photo's bytes, for anyone: its id is unguessable, and it shows only what its provider published. */
export async function photo(db: Queryable, id: string): Promise<{ contentType: string; bytes: Uint8Array<ArrayBuffer> } | null> {
  const [row] = await db.query<{ content_type: string; bytes: Uint8Array }>('SELECT content_type, bytes FROM offer_photos WHERE id = $1', [
    id,
  ]);
  return row ? { contentType: row.content_type, bytes: Uint8Array.from(row.bytes) } : null;
}
