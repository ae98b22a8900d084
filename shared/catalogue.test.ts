import * as v from 'valibot';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCESSIBILITY,
  CatalogueQuerySchema,
  distanceKm,
  EMPTY_QUERY,
  indexOffer,
  MUNICIPIO_CENTRES,
  normalize,
  PILLARS,
  searchCatalogue,
  SearchQuerySchema,
  SPOKEN_LANGUAGES,
  type CatalogueOffer,
  type SearchQuery,
} from './catalogue';
import { CATEGORIES } from './category';

const NOW = new Date('2026-11-25T10:00:00Z');
const DUOMO = { lat: 45.4642, lon: 9.19 };

function offer(id: string, patch: Partial<CatalogueOffer> = {}): CatalogueOffer {
  return {
    id,
    version: 1,
    providerId: 'p1',
    providerName: 'Polisportiva Navigli',
    category: 'sport',
    pillars: ['physical'],
    title: { it: `Offerta ${id}` },
    description: { it: 'Descrizione' },
    ageMin: 6,
    ageMax: 14,
    priceCents: 100_00,
    creditPrice: null,
    voucherAccepted: true,
    photos: [],
    address: 'Via Roma 1, Milano',
    municipio: 1,
    lat: DUOMO.lat,
    lon: DUOMO.lon,
    accessibility: [],
    languages: ['it'],
    sessions: [
      { id: `${id}-s1`, startsAt: '2026-11-26T16:00:00.000Z', endsAt: '2026-11-26T17:00:00.000Z', weekday: 4, capacity: 10, seatsLeft: 3 },
    ],
    ...patch,
  };
}
const search = (offers: CatalogueOffer[], query: Partial<SearchQuery>) =>
  searchCatalogue(offers.map(indexOffer), { ...EMPTY_QUERY, ...query }, NOW).map((r) => r.offer.id);

describe('searching the catalogue on the device', () => {
  const swimming = offer('swim', {
    title: { it: 'Nuoto per ragazzi', ar: 'السباحة للأطفال', zh: '少儿游泳' },
    languages: ['it', 'ar'],
    accessibility: ['wheelchair', 'step_free'],
  });
  const robotics = offer('robot', {
    category: 'stem',
    pillars: ['education', 'talents'],
    title: { it: 'Robotica creativa', en: 'Creative robotics' },
    ageMin: 10,
    ageMax: 15,
    voucherAccepted: false,
    lat: 45.5027,
    lon: 9.1563,
    sessions: [
      { id: 'r1', startsAt: '2026-11-28T14:00:00.000Z', endsAt: '2026-11-28T16:00:00.000Z', weekday: 6, capacity: 8, seatsLeft: 0 },
    ],
  });
  const city = offer('city', { title: { it: 'Città in gioco' }, providerName: 'Comune di Milano', sessions: [] });
  const all = [swimming, robotics, city];

  it('finds text in any of the offer’s languages, ignoring case, accents and Arabic vowel marks', () => {
    expect(search(all, { text: 'NUOTO' })).toEqual(['swim']);
    expect(search(all, { text: 'السباحة' })).toEqual(['swim']);
    expect(search(all, { text: 'السِّباحة' })).toEqual(['swim']);
    expect(search(all, { text: '游泳' })).toEqual(['swim']);
    expect(search(all, { text: 'citta' })).toEqual(['city']);
    expect(search(all, { text: 'creative  robotics' })).toEqual(['robot']);
    expect(search(all, { text: 'comune' })).toEqual(['city']);
    expect(search(all, { text: 'nuoto robotica' })).toEqual([]);
    expect(search(all, { text: '   ' })).toHaveLength(3);
  });

  it('filters by category, pillar, the child’s age (both ends included), voucher, language and accessibility', () => {
    expect(search(all, { categories: ['stem'] })).toEqual(['robot']);
    expect(search(all, { categories: ['stem', 'sport'] })).toHaveLength(3);
    expect(search(all, { pillars: ['talents', 'health'] })).toEqual(['robot']);
    expect(search(all, { age: 15 })).toEqual(['robot']);
    expect(search(all, { age: 6 }).sort()).toEqual(['city', 'swim']);
    expect(search(all, { age: 5 })).toEqual([]);
    expect(search(all, { voucher: true }).sort()).toEqual(['city', 'swim']);
    expect(search(all, { language: 'ar' })).toEqual(['swim']);
    expect(search(all, { accessibility: ['wheelchair', 'step_free'] })).toEqual(['swim']);
    expect(search(all, { accessibility: ['wheelchair', 'sign_language'] })).toEqual([]);
  });

  it('asks for a day or for free seats only of sessions still to come', () => {
    expect(search(all, { weekdays: [6] })).toEqual(['robot']);
    expect(search(all, { freeSeats: true })).toEqual(['swim']);
    expect(search(all, { weekdays: [6], freeSeats: true })).toEqual([]);
    const later = new Date('2026-11-27T00:00:00Z');
    const results = searchCatalogue(all.map(indexOffer), { ...EMPTY_QUERY, weekdays: [4] }, later);
    expect(results).toEqual([]);
    // With no day asked, an offer whose sessions are over is still found (the family may ask the provider).
    const found = searchCatalogue(all.map(indexOffer), EMPTY_QUERY, later);
    expect(found.find((r) => r.offer.id === 'swim')?.nextSession).toBeNull();
  });

  it('measures distance from home and sorts by it, or by the next session (no session last)', () => {
    const near = searchCatalogue(all.map(indexOffer), { ...EMPTY_QUERY, from: DUOMO, maxKm: 2, sort: 'distance' }, NOW);
    // Equally near: the one with a session coming first.
    expect(near.map((r) => [r.offer.id, r.distanceKm])).toEqual([
      ['swim', 0],
      ['city', 0],
    ]);
    expect(search(all, { from: DUOMO, sort: 'distance' })).toEqual(['swim', 'city', 'robot']);
    expect(search(all, { sort: 'date' })).toEqual(['swim', 'robot', 'city']);
    // Sorting by distance with no place to measure from falls back to dates.
    expect(search(all, { sort: 'distance' })).toEqual(['swim', 'robot', 'city']);
  });

  it('measures kilometres on the globe', () => {
    expect(distanceKm(DUOMO, DUOMO)).toBe(0);
    // Duomo to Bovisa is about 5 km as the crow flies.
    expect(distanceKm(DUOMO, { lat: 45.5027, lon: 9.1563 })).toBeCloseTo(5.06, 1);
    expect(distanceKm(MUNICIPIO_CENTRES[1], MUNICIPIO_CENTRES[9])).toBeLessThan(6);
  });

  it('normalises text the way people type it', () => {
    expect(normalize('  Città\tÉCOLE  ')).toBe('citta ecole');
    expect(normalize('مُسْتَشْفَى')).toBe('مستشفى');
  });

  it('only ever returns offers that meet every filter, whatever the query (property)', () => {
    const offers = fc.array(
      fc.record({
        category: fc.constantFrom(...CATEGORIES),
        pillars: fc.subarray([...PILLARS]),
        ageMin: fc.integer({ min: 0, max: 18 }),
        span: fc.integer({ min: 0, max: 10 }),
        voucherAccepted: fc.boolean(),
        languages: fc.subarray([...SPOKEN_LANGUAGES]),
        accessibility: fc.subarray([...ACCESSIBILITY]),
        lat: fc.double({ min: 45.4, max: 45.55, noNaN: true }),
        lon: fc.double({ min: 9.05, max: 9.3, noNaN: true }),
        seats: fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 6 }),
            left: fc.integer({ min: 0, max: 3 }),
            inDays: fc.integer({ min: -3, max: 30 }),
          }),
          { maxLength: 4 },
        ),
      }),
      { maxLength: 30 },
    );
    const queries = fc.record({
      categories: fc.subarray([...CATEGORIES]),
      pillars: fc.subarray([...PILLARS]),
      age: fc.option(fc.integer({ min: 0, max: 20 })),
      weekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
      freeSeats: fc.boolean(),
      voucher: fc.boolean(),
      accessibility: fc.subarray([...ACCESSIBILITY], { maxLength: 2 }),
      language: fc.option(fc.constantFrom(...SPOKEN_LANGUAGES)),
      maxKm: fc.option(fc.double({ min: 0.5, max: 10, noNaN: true })),
      sort: fc.constantFrom('distance' as const, 'date' as const),
    });
    fc.assert(
      fc.property(offers, queries, (specs, q) => {
        const list = specs.map((s, i) =>
          offer(`o${i}`, {
            ...s,
            ageMax: s.ageMin + s.span,
            sessions: s.seats.map((x, j) => ({
              id: `o${i}-${j}`,
              startsAt: new Date(NOW.getTime() + x.inDays * 86_400_000).toISOString(),
              endsAt: '',
              weekday: x.day,
              capacity: 3,
              seatsLeft: x.left,
            })),
          }),
        );
        const query: SearchQuery = { ...EMPTY_QUERY, ...q, from: DUOMO };
        const results = searchCatalogue(list.map(indexOffer), query, NOW);
        for (const { offer: o, distanceKm: d, nextSession } of results) {
          if (q.categories.length) expect(q.categories).toContain(o.category);
          if (q.age !== null) expect(q.age >= o.ageMin && q.age <= o.ageMax).toBe(true);
          if (q.voucher) expect(o.voucherAccepted).toBe(true);
          if (q.language) expect(o.languages).toContain(q.language);
          for (const a of q.accessibility) expect(o.accessibility).toContain(a);
          if (q.maxKm !== null) expect(d!).toBeLessThanOrEqual(q.maxKm);
          if (q.freeSeats || q.weekdays.length) expect(nextSession).not.toBeNull();
          if (nextSession) {
            expect(nextSession.startsAt >= NOW.toISOString()).toBe(true);
            if (q.freeSeats) expect(nextSession.seatsLeft).toBeGreaterThan(0);
            if (q.weekdays.length) expect(q.weekdays).toContain(nextSession.weekday);
          }
        }
        if (query.sort === 'distance') {
          for (let i = 1; i < results.length; i++) expect(results[i - 1].distanceKm!).toBeLessThanOrEqual(results[i].distanceKm!);
        }
      }),
    );
  });
});

describe('what the device keeps between visits', () => {
  it('keeps a valid query as it is, and drops anything unknown to "no filter"', () => {
    const kept: SearchQuery = {
      ...EMPTY_QUERY,
      text: 'nuoto',
      categories: ['sport'],
      age: 9,
      weekdays: [2],
      from: DUOMO,
      maxKm: 3,
      sort: 'distance',
    };
    expect(v.parse(SearchQuerySchema, kept)).toEqual(kept);
    expect(v.parse(SearchQuerySchema, { ...kept, categories: ['cooking'], age: -1, sort: 'price', language: 'xx', maxKm: 0 })).toEqual({
      ...kept,
      categories: [],
      age: null,
      sort: 'date',
      language: null,
      maxKm: null,
    });
  });

  it('accepts only cursors the feed hands out', () => {
    expect(v.safeParse(CatalogueQuerySchema, {}).output).toEqual({ since: '0' });
    for (const good of [
      '0',
      '3f9a0c21d4.981',
      '3f9a0c21d4.0',
      '3f9a0c21d4.981:7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '3f9a0c21d4.18446744073709551615',
    ]) {
      expect(v.safeParse(CatalogueQuerySchema, { since: good }).success, good).toBe(true);
    }
    for (const bad of ['', 'x', '981', '1:2', '3f9a0c21d4.0981', '3f9a0c21d4.18446744073709551616', '3F9A0C21D4.1', '3f9a0c21d4.1:7C9E']) {
      expect(v.safeParse(CatalogueQuerySchema, { since: bad }).success, bad).toBe(false);
    }
  });
});
