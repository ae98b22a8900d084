import type { Queryable } from './db';
import { CATALOGUE_CURSOR, CATALOGUE_PAGE, type CatalogueDelta, type CatalogueOffer } from '$shared/catalogue';

const NIL = '00000000-0000-0000-0000-000000000000';

type OfferRow = {
  id: string;
  xid: string;
  visible: boolean;
  version: number;
  provider_id: string;
  provider_name: string;
  category: CatalogueOffer['category'];
  pillars: CatalogueOffer['pillars'];
  title: Record<string, string>;
  description: Record<string, string>;
  age_min: number;
  age_max: number;
  price_cents: number;
  credit_price: number | null;
  voucher_accepted: boolean;
  photos: CatalogueOffer['photos'] | null;
  address: string;
  municipio: number;
  lat: number;
  lon: number;
  accessibility: CatalogueOffer['accessibility'];
  languages: CatalogueOffer['languages'];
  sessions: CatalogueOffer['sessions'] | null;
};

/**
 * The catalogue's changes after `since`, a page at a time.
 *
 * Each offer carries the id of the last transaction that changed what families see of it. Ids are
 * handed out in order but committed in any order, so the feed only ever reads below the oldest
 * transaction still running (the snapshot's xmin): everything there has finished, and nothing can
 * appear behind the cursor later. A page that fills up continues from its last offer at the same id.
 */
/** An offer's photos, in order, as JSON (`o` is the offer): the images themselves are fetched apart. */
export const PHOTOS = `(SELECT json_agg(json_build_object('id', ph.id, 'alt', ph.alt) ORDER BY ph.position, ph.id) FROM offer_photos ph WHERE ph.offer_id = o.id)`;

export async function catalogueDelta(db: Queryable, since: string, now: Date): Promise<CatalogueDelta> {
  const match = CATALOGUE_CURSOR.exec(since);
  if (!match) throw new RangeError(`Not a catalogue cursor: ${since}`);
  const [{ horizon, epoch, current }] = await db.query<{ horizon: string; epoch: string; current: string }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, pg_current_snapshot()::text AS current, (SELECT epoch FROM catalogue_epoch) AS epoch`,
  );
  // A cursor from another database, or from ahead of this one, means the device starts over.
  const reset = since !== '0' && (match[1] !== epoch || BigInt(match[2]) > BigInt(current.split(':')[1]));
  const [fromXid, fromId] = since === '0' || reset ? ['0', NIL] : [match[2], match[3] ?? NIL];
  const rows = await db.query<OfferRow>(
    `SELECT o.id, o.change_xid::text AS xid,
            (o.status = 'published' AND p.status = 'accredited') AS visible,
            o.version, o.provider_id, p.name AS provider_name, o.category, o.pillars, o.title, o.description,
            o.age_min::int AS age_min, o.age_max::int AS age_max, o.price_cents, o.credit_price, o.voucher_accepted,
            o.address, o.municipio::int AS municipio, o.lat, o.lon, o.accessibility, o.languages,
            (SELECT json_agg(json_build_object(
                      'id', s.id,
                      'startsAt', to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                      'endsAt', to_char(s.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                      'weekday', extract(dow FROM s.starts_at AT TIME ZONE 'Europe/Rome')::int,
                      'capacity', s.capacity,
                      'seatsLeft', s.capacity - s.seats_taken) ORDER BY s.starts_at, s.id)
               FROM offer_sessions s
              WHERE s.offer_id = o.id AND s.status = 'scheduled' AND s.starts_at > $4) AS sessions,
            ${PHOTOS} AS photos
       FROM offers o JOIN providers p ON p.id = o.provider_id
      WHERE (o.change_xid, o.id) > ($1::xid8, $2::uuid) AND o.change_xid < $3::xid8
      ORDER BY o.change_xid, o.id
      LIMIT ${CATALOGUE_PAGE + 1}`,
    [fromXid, fromId, horizon, now],
  );
  const more = rows.length > CATALOGUE_PAGE;
  const page = more ? rows.slice(0, CATALOGUE_PAGE) : rows;
  const last = page.at(-1);
  // A full page continues after its last offer; otherwise everything below the horizon has been read.
  const position =
    more && last
      ? `${last.xid}:${last.id}`
      : BigInt(horizon) > BigInt(fromXid)
        ? horizon
        : `${fromXid}${fromId === NIL ? '' : `:${fromId}`}`;
  return {
    cursor: `${epoch}.${position}`,
    more,
    reset,
    offers: page.filter((row) => row.visible).map(toOffer),
    // A device starting from nothing has nothing to drop (and needs no word of drafts or withdrawn offers).
    removed: fromXid === '0' ? [] : page.filter((row) => !row.visible).map((row) => row.id),
  };
}

function toOffer(row: OfferRow): CatalogueOffer {
  return {
    id: row.id,
    version: Number(row.version),
    providerId: row.provider_id,
    providerName: row.provider_name,
    category: row.category,
    pillars: row.pillars,
    title: row.title,
    description: row.description,
    ageMin: Number(row.age_min),
    ageMax: Number(row.age_max),
    priceCents: Number(row.price_cents),
    creditPrice: row.credit_price === null ? null : Number(row.credit_price),
    voucherAccepted: row.voucher_accepted,
    address: row.address,
    municipio: Number(row.municipio) as CatalogueOffer['municipio'],
    lat: Number(row.lat),
    lon: Number(row.lon),
    accessibility: row.accessibility,
    languages: row.languages,
    sessions: row.sessions ?? [],
    photos: row.photos ?? [],
  };
}

export type WeeklySchedule = {
  /** Days of the week, 0 = Sunday. */
  weekdays: number[];
  /** Local time in Milan, "HH:MM". */
  time: string;
  minutes: number;
  capacity: number;
  /** How many weeks ahead of `from`. */
  weeks: number;
};

/** Adds an offer's sessions on the given weekdays at a Milan time, for the weeks after `from`. */
export async function addWeeklySessions(db: Queryable, offerId: string, from: Date, schedule: WeeklySchedule): Promise<number> {
  return db.count(
    `INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity)
     SELECT $1, (d::date + $3::time) AT TIME ZONE 'Europe/Rome', (d::date + $3::time + make_interval(mins => $4)) AT TIME ZONE 'Europe/Rome', $5
       FROM generate_series(($2::timestamptz AT TIME ZONE 'Europe/Rome')::date + 1, ($2::timestamptz AT TIME ZONE 'Europe/Rome')::date + 7 * $6, interval '1 day') AS d
      WHERE extract(dow FROM d::date)::int = ANY($7::int[])`,
    [offerId, from, schedule.time, schedule.minutes, schedule.capacity, schedule.weeks, schedule.weekdays],
  );
}
