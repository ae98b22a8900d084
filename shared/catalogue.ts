import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import type { Municipio } from './municipi';

/** The seven pillars of the wellbeing index: what an activity does for a young person. */
export const PILLARS = ['social', 'physical', 'health', 'education', 'talents', 'autonomy', 'spaces'] as const;
export type Pillar = (typeof PILLARS)[number];

/** What a place and its staff offer so that every child can take part. */
export const ACCESSIBILITY = ['wheelchair', 'step_free', 'accessible_toilet', 'sign_language', 'autism_friendly', 'low_vision'] as const;
export type Accessibility = (typeof ACCESSIBILITY)[number];

/** Languages the staff speak, as ISO 639-1 codes; their names come from the browser (Intl.DisplayNames). */
export const SPOKEN_LANGUAGES = ['it', 'en', 'ar', 'zh', 'es', 'fr', 'ro', 'uk', 'ru', 'sq', 'tl', 'bn', 'ur', 'pt', 'de'] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];

/** Text by language code ({"it": "…", "ar": "…"}); a reader sees their language, else Italian. */
export type Text = Record<string, string>;

/** One dated session of an offer, as families see it; `weekday` is its day in Milan, 0 = Sunday. */
export type CatalogueSession = { id: string; startsAt: string; endsAt: string; weekday: number; capacity: number; seatsLeft: number };

/** An offer as the catalogue publishes it: everything search and the offer page need, offline. */
export type CatalogueOffer = {
  id: string;
  /** Grows with every change the provider makes; a booking keeps the version it was made on. */
  version: number;
  providerId: string;
  providerName: string;
  category: Category;
  pillars: Pillar[];
  title: Text;
  description: Text;
  ageMin: number;
  ageMax: number;
  priceCents: number;
  /** Price in credits for youth who spend their own points, when the provider accepts them. */
  creditPrice: number | null;
  voucherAccepted: boolean;
  address: string;
  municipio: Municipio;
  lat: number;
  lon: number;
  accessibility: Accessibility[];
  languages: SpokenLanguage[];
  /** Upcoming sessions, earliest first. */
  sessions: CatalogueSession[];
  /** Photos, in the provider's order (fetched at /api/photos/<id>). */
  photos: { id: string; alt: Text }[];
};

/**
 * One page of the catalogue's changes since a cursor: offers to keep (new or changed) and ids to
 * drop (withdrawn, or their provider suspended). The cursor is opaque: send it back as `since`.
 * `reset`: the cursor came from another database (a fresh install, say); drop the whole copy first.
 */
export type CatalogueDelta = { cursor: string; offers: CatalogueOffer[]; removed: string[]; more: boolean; reset: boolean };

export const CATALOGUE_PAGE = 500;

/**
 * A feed position: "0" for the start, else the database's epoch, the transaction id every change
 * below is older than, and the last offer read at it ("3f9a0c21d4.981" or "3f9a0c21d4.981:<uuid>").
 */
export const CATALOGUE_CURSOR =
  /^(?:0|([0-9a-f]{10})\.(0|[1-9]\d{0,19})(?::([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))?)$/;
const MAX_XID = 2n ** 64n - 1n;

export const CatalogueQuerySchema = v.object({
  since: v.optional(
    v.pipe(
      v.string('field_cursor'),
      v.regex(CATALOGUE_CURSOR, 'field_cursor'),
      v.check((cursor) => BigInt(CATALOGUE_CURSOR.exec(cursor)?.[2] ?? '0') <= MAX_XID, 'field_cursor'),
    ),
    '0',
  ),
});

// ---------------------------------------------------------------------------------------------
// Search, on the device's copy: pure, so it answers as the person types, offline too.

export const SORTS = ['distance', 'date'] as const;
export type Sort = (typeof SORTS)[number];

export type Place = { lat: number; lon: number };

export type SearchQuery = {
  text: string;
  categories: Category[];
  pillars: Pillar[];
  /** The age of the child the family is looking for, in whole years. */
  age: number | null;
  /** Days of the week a session must fall on, 0 = Sunday … 6 = Saturday (in the programme's time zone). */
  weekdays: number[];
  freeSeats: boolean;
  voucher: boolean;
  accessibility: Accessibility[];
  language: SpokenLanguage | null;
  /** Where distances are measured from (home, or "near me"); null: no distance, no distance limit. */
  from: Place | null;
  maxKm: number | null;
  sort: Sort;
};

export const EMPTY_QUERY: SearchQuery = {
  text: '',
  categories: [],
  pillars: [],
  age: null,
  weekdays: [],
  freeSeats: false,
  voucher: false,
  accessibility: [],
  language: null,
  from: null,
  maxKm: null,
  sort: 'date',
};

/** A search query as kept between visits: anything unknown or out of range falls back to "no filter". */
export const SearchQuerySchema = v.object({
  text: v.fallback(v.pipe(v.string(), v.maxLength(200)), ''),
  categories: v.fallback(v.array(v.picklist(CATEGORIES)), []),
  pillars: v.fallback(v.array(v.picklist(PILLARS)), []),
  age: v.fallback(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(25))), null),
  weekdays: v.fallback(v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6))), []),
  freeSeats: v.fallback(v.boolean(), false),
  voucher: v.fallback(v.boolean(), false),
  accessibility: v.fallback(v.array(v.picklist(ACCESSIBILITY)), []),
  language: v.fallback(v.nullable(v.picklist(SPOKEN_LANGUAGES)), null),
  from: v.fallback(
    v.nullable(
      v.object({ lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)), lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)) }),
    ),
    null,
  ),
  maxKm: v.fallback(v.nullable(v.pipe(v.number(), v.minValue(0.1), v.maxValue(100))), null),
  sort: v.fallback(v.picklist(SORTS), 'date'),
});

/** Lower case, without accents or extra spaces: "Città" matches "citta", "ÉCOLE" matches "ecole". */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const EARTH_KM = 6371.0088;
/** Great-circle distance in kilometres. */
export function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** An offer prepared once for searching: its words in every language. */
export type IndexedOffer = { offer: CatalogueOffer; words: string };

export function indexOffer(offer: CatalogueOffer): IndexedOffer {
  return {
    offer,
    words: normalize(
      [...Object.values(offer.title), ...Object.values(offer.description), offer.providerName, offer.address].join(' \u0000 '),
    ),
  };
}

export type SearchResult = {
  offer: CatalogueOffer;
  /** Kilometres from the query's place, when it has one. */
  distanceKm: number | null;
  /** The first upcoming session that meets the filters (day, free seats), if any. */
  nextSession: CatalogueSession | null;
};

/**
 * The offers that meet every filter, sorted. Sessions already started (before `now`) are ignored;
 * an offer with no session left is still found (families may ask the provider), unless a day or
 * free seats are asked for.
 */
export function searchCatalogue(index: readonly IndexedOffer[], query: SearchQuery, now: Date): SearchResult[] {
  const terms = normalize(query.text).split(' ').filter(Boolean);
  const nowIso = now.toISOString();
  const results: SearchResult[] = [];
  for (const { offer, words } of index) {
    if (query.categories.length && !query.categories.includes(offer.category)) continue;
    if (query.pillars.length && !query.pillars.some((p) => offer.pillars.includes(p))) continue;
    if (query.age !== null && (query.age < offer.ageMin || query.age > offer.ageMax)) continue;
    if (query.voucher && !offer.voucherAccepted) continue;
    if (query.language && !offer.languages.includes(query.language)) continue;
    if (query.accessibility.length && !query.accessibility.every((a) => offer.accessibility.includes(a))) continue;
    if (terms.length && !terms.every((term) => words.includes(term))) continue;
    let distance: number | null = null;
    if (query.from) {
      distance = distanceKm(query.from, offer);
      if (query.maxKm !== null && distance > query.maxKm) continue;
    }
    let nextSession: CatalogueSession | null = null;
    for (const session of offer.sessions) {
      if (session.startsAt < nowIso) continue;
      if (query.freeSeats && session.seatsLeft <= 0) continue;
      if (query.weekdays.length && !query.weekdays.includes(session.weekday)) continue;
      if (!nextSession || session.startsAt < nextSession.startsAt) nextSession = session;
    }
    if (!nextSession && (query.freeSeats || query.weekdays.length)) continue;
    results.push({ offer, distanceKm: distance, nextSession });
  }
  // Plain comparisons (ISO dates and ids sort as text): a collator would cost more than the search itself.
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byDate = (a: SearchResult, b: SearchResult) =>
    compare(a.nextSession?.startsAt ?? '\uffff', b.nextSession?.startsAt ?? '\uffff') || compare(a.offer.id, b.offer.id);
  if (query.sort === 'distance' && query.from) results.sort((a, b) => a.distanceKm! - b.distanceKm! || byDate(a, b));
  else results.sort(byDate);
  return results;
}

/** Approximate centre of each municipio: "distance from home" for families who gave only their municipio. */
export const MUNICIPIO_CENTRES: Record<Municipio, Place> = {
  1: { lat: 45.4642, lon: 9.19 },
  2: { lat: 45.4995, lon: 9.2155 },
  3: { lat: 45.4795, lon: 9.2305 },
  4: { lat: 45.4525, lon: 9.2335 },
  5: { lat: 45.4235, lon: 9.1925 },
  6: { lat: 45.4415, lon: 9.1415 },
  7: { lat: 45.4665, lon: 9.1125 },
  8: { lat: 45.5035, lon: 9.1355 },
  9: { lat: 45.5085, lon: 9.1855 },
};
