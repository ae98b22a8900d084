import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { aCatalogueOffer } from '../tests/support/offers';
import { issueToField } from './validation';
import { HubInputSchema, isOpenAt, NEARBY_LIMIT, nearbyOffers, weekOf, type HubInput } from './hubs';

const CORVETTO = { lat: 45.4404, lon: 9.2236 };

function hub(patch: Partial<HubInput> = {}): HubInput {
  return {
    name: 'Hub Corvetto',
    address: 'Piazzale Gabriele Rosa 13, Milano',
    municipio: 4,
    ...CORVETTO,
    hours: [
      { day: 1, opens: '15:00', closes: '19:00' },
      { day: 3, opens: '09:30', closes: '12:30' },
      { day: 3, opens: '15:00', closes: '19:00' },
    ],
    languages: ['it', 'ar'],
    accessibility: ['step_free'],
    ...patch,
  };
}

const problems = (input: unknown) => (v.safeParse(HubInputSchema, input).issues ?? []).map((issue) => issueToField(issue));

describe('a hub as the city opens it', () => {
  it('takes a hub with its place, hours, languages and accessibility', () => {
    expect(problems(hub())).toEqual([]);
    expect(v.parse(HubInputSchema, hub({ name: '  Hub Corvetto  ' })).name).toBe('Hub Corvetto');
  });

  it('names the field of each slip', () => {
    expect(problems(hub({ name: 'H' }))).toEqual([{ path: 'name', code: 'field_hub_name' }]);
    expect(problems(hub({ lat: 41.9 }))).toEqual([{ path: 'lat', code: 'field_coordinates' }]);
    expect(problems(hub({ municipio: 10 as never }))).toEqual([{ path: 'municipio', code: 'field_municipio' }]);
    expect(problems(hub({ languages: [] }))).toEqual([{ path: 'languages', code: 'field_languages' }]);
    expect(problems(hub({ languages: ['it', 'it'] }))).toEqual([{ path: 'languages', code: 'field_languages' }]);
    expect(problems(hub({ accessibility: ['lift' as never] }))).toEqual([{ path: 'accessibility.0', code: 'field_accessibility' }]);
  });

  it('refuses hours that close before they open, that overlap, or that are not times', () => {
    expect(problems(hub({ hours: [{ day: 2, opens: '19:00', closes: '15:00' }] }))).toEqual([
      { path: 'hours.0.closes', code: 'field_closes_before_opens' },
    ]);
    expect(problems(hub({ hours: [{ day: 2, opens: '15:00', closes: '15:00' }] }))).toEqual([
      { path: 'hours.0.closes', code: 'field_closes_before_opens' },
    ]);
    expect(
      problems(
        hub({
          hours: [
            { day: 2, opens: '15:00', closes: '19:00' },
            { day: 2, opens: '18:00', closes: '20:00' },
          ],
        }),
      ),
    ).toEqual([{ path: 'hours', code: 'field_opening_overlap' }]);
    expect(problems(hub({ hours: [{ day: 2, opens: '24:00', closes: '25:00' }] })).map((p) => p.code)).toContain('field_opening_time');
    expect(problems(hub({ hours: [{ day: 0 as never, opens: '09:00', closes: '10:00' }] }))).toEqual([
      { path: 'hours.0.day', code: 'field_weekday' },
    ]);
    expect(problems(hub({ hours: [] }))).toEqual([{ path: 'hours', code: 'field_opening_hours' }]);
  });

  it('takes two spans of one day that only touch', () => {
    const touching = hub({
      hours: [
        { day: 2, opens: '15:00', closes: '17:00' },
        { day: 2, opens: '17:00', closes: '19:00' },
      ],
    });
    expect(problems(touching)).toEqual([]);
  });
});

describe('when a hub is open', () => {
  const hours = hub().hours;

  it("reads Milan's clocks, in winter and in summer time", () => {
    // Monday 7 December 2026, 15:30 in Milan (UTC+1).
    expect(isOpenAt(hours, new Date('2026-12-07T14:30:00Z'))).toBe(true);
    // In June Milan is UTC+2: on Monday 1 June 2026 the hub opens at 13:00 UTC.
    expect(isOpenAt(hours, new Date('2026-06-01T12:59:00Z'))).toBe(false);
    expect(isOpenAt(hours, new Date('2026-06-01T13:00:00Z'))).toBe(true);
  });

  it('is closed at closing time, and between two spans of a day', () => {
    expect(isOpenAt(hours, new Date('2026-12-07T17:59:00Z'))).toBe(true);
    expect(isOpenAt(hours, new Date('2026-12-07T18:00:00Z'))).toBe(false);
    // Wednesday 9 December, 13:00 in Milan: between the morning and the afternoon.
    expect(isOpenAt(hours, new Date('2026-12-09T12:00:00Z'))).toBe(false);
    expect(isOpenAt(hours, new Date('2026-12-09T10:00:00Z'))).toBe(true);
  });

  it('counts Sunday as day 7, and the Milan day across UTC midnight', () => {
    const sunday = [{ day: 7 as const, opens: '00:00', closes: '02:00' }];
    // 23:30 UTC on Saturday 12 December is 00:30 on Sunday in Milan.
    expect(isOpenAt(sunday, new Date('2026-12-12T23:30:00Z'))).toBe(true);
    expect(isOpenAt(sunday, new Date('2026-12-13T23:30:00Z'))).toBe(false);
  });

  it('lists the week from Monday, each day by opening time', () => {
    const week = weekOf([...hours].reverse());
    expect(week.map((d) => d.day)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(week[2].spans).toEqual([
      { opens: '09:30', closes: '12:30' },
      { opens: '15:00', closes: '19:00' },
    ]);
    expect(week[1].spans).toEqual([]);
  });
});

describe('activities near a hub', () => {
  it('keeps those within walking reach, closest first, with their distance', () => {
    const near = aCatalogueOffer('b', { lat: 45.4452, lon: 9.2236 }); // ~0.5 km north
    const nearer = aCatalogueOffer('a', { lat: 45.4413, lon: 9.2236 }); // ~0.1 km
    const far = aCatalogueOffer('c', { lat: 45.4642, lon: 9.19 }); // the Duomo, ~3.7 km
    const found = nearbyOffers(CORVETTO, [near, far, nearer]);
    expect(found.map((o) => o.id)).toEqual(['a', 'b']);
    expect(found[0].distanceKm).toBe(0.1);
    expect(found[1]).toMatchObject({ id: 'b', distanceKm: 0.5, providerName: near.providerName, title: near.title });
  });

  it('lists at most a page of them', () => {
    const many = Array.from({ length: NEARBY_LIMIT + 3 }, (_, i) => aCatalogueOffer(`o${String(i).padStart(2, '0')}`, CORVETTO));
    expect(nearbyOffers(CORVETTO, many)).toHaveLength(NEARBY_LIMIT);
    expect(nearbyOffers(CORVETTO, [])).toEqual([]);
  });
});
