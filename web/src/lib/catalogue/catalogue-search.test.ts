import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_QUERY, indexOffer, MUNICIPIO_CENTRES, type CatalogueOffer, type IndexedOffer, type Place } from '$shared/catalogue';
import { CatalogueSearch, RESULTS_PAGE, type Locate } from './catalogue-search.svelte';
import { held } from '../../../../tests/support/fake-api';
import { aCatalogueOffer } from '../../../../tests/support/offers';

const NOW = new Date('2026-11-25T10:00:00Z');
const USER = 'u-sara';
const HOME = MUNICIPIO_CENTRES[6];
const NAVIGLI = { lat: 45.4512, lon: 9.1731 };
const BOVISA = { lat: 45.5027, lon: 9.1595 };

function offer(id: string, patch: Partial<CatalogueOffer> = {}): CatalogueOffer {
  return aCatalogueOffer(id, {
    municipio: 6,
    ...NAVIGLI,
    sessions: [
      { id: `${id}-s1`, startsAt: '2026-11-26T16:00:00.000Z', endsAt: '2026-11-26T17:00:00.000Z', weekday: 4, capacity: 10, seatsLeft: 3 },
    ],
    ...patch,
  });
}

/** The browser's storage, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

let offers: IndexedOffer[];
function searching(options: { ages?: number[]; home?: Place | null; locate?: Locate } = {}) {
  return new CatalogueSearch({
    userId: USER,
    ages: options.ages ?? [8, 12],
    home: () => (options.home === undefined ? HOME : options.home),
    offers: () => offers,
    now: NOW,
    locate: options.locate,
  });
}
const ids = (search: CatalogueSearch) => search.results.map((r) => r.offer.id);

describe("a family's search of the catalogue", () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
    vi.stubGlobal('sessionStorage', memoryStorage());
    offers = [
      offer('swim', { title: { it: 'Nuoto libero' } }),
      offer('chess', { category: 'art', title: { it: 'Scacchi' }, ...BOVISA }),
      offer('teen', { ageMin: 14, ageMax: 18 }),
    ].map(indexOffer);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('opens with no filter on a first visit, every offer found, soonest first', () => {
    const search = searching();
    expect(search.query).toEqual(EMPTY_QUERY);
    expect(search.origin).toBe('none');
    expect(search.view).toBe('list');
    expect(search.filtered).toBe(false);
    expect(ids(search)).toEqual(['chess', 'swim', 'teen']);
  });

  it('answers as the person types and ticks, and follows the catalogue as it changes', () => {
    const search = searching();
    search.query.text = 'nuoto';
    expect(ids(search)).toEqual(['swim']);
    search.query.text = '';
    search.toggle('categories', 'art');
    expect(search.chosen('categories')).toEqual(['art']);
    expect(ids(search)).toEqual(['chess']);
    search.toggle('categories', 'art');
    expect(ids(search)).toHaveLength(3);
    search.query.age = 15;
    expect(ids(search)).toEqual(['teen']);
    offers = [...offers, indexOffer(offer('judo', { ageMin: 12, ageMax: 16 }))];
    expect(ids(search)).toEqual(['judo', 'teen']);
  });

  it('keeps the filters on the device, for this person, and opens with them next time', () => {
    const first = searching();
    first.query.text = 'scacchi';
    first.query.age = 12;
    first.remember();
    const next = searching();
    expect(next.query).toEqual({ ...EMPTY_QUERY, text: 'scacchi', age: 12 });
    expect(ids(next)).toEqual(['chess']);
    expect(new CatalogueSearch({ userId: 'u-other', ages: [12], home: () => null, offers: () => offers, now: NOW }).query).toEqual(
      EMPTY_QUERY,
    );
  });

  it("drops a kept age that is no longer anyone's: it would filter unseen", () => {
    const first = searching({ ages: [8, 12] });
    first.query.age = 12;
    first.remember();
    expect(searching({ ages: [8, 13] }).query.age).toBeNull();
  });

  it('shows the results a page at a time, and a new search from its first page', () => {
    offers = Array.from({ length: 45 }, (_, i) => indexOffer(offer(`o${String(i).padStart(2, '0')}`)));
    const search = searching();
    expect(search.shown).toBe(RESULTS_PAGE);
    search.showMore();
    search.showMore();
    expect(search.shown).toBe(3 * RESULTS_PAGE);
    search.query.voucher = true;
    expect(search.shown).toBe(RESULTS_PAGE);
  });

  it('measures from home, and sorts by distance only from a place', () => {
    const search = searching();
    search.query.sort = 'distance';
    expect(search.effective.sort).toBe('date');
    void search.chooseOrigin('home');
    expect(search.from).toEqual(HOME);
    expect(search.effective.sort).toBe('distance');
    expect(search.filtered).toBe(true);
    search.query.maxKm = 5;
    expect(ids(search)).toEqual(['swim', 'teen']);
  });

  it('asks the device where the person is once, saying so meanwhile, and measures from there', async () => {
    const position = held<Place | null>();
    const locate = vi.fn(() => position.answer);
    const search = searching({ locate });
    const choosing = search.chooseOrigin('here');
    expect(search.origin).toBe('here');
    expect(search.locating).toBe(true);
    position.give(BOVISA);
    await choosing;
    expect(search.locating).toBe(false);
    expect(search.from).toEqual(BOVISA);
    search.query.sort = 'distance';
    expect(ids(search)[0]).toBe('chess');

    await search.chooseOrigin('none');
    await search.chooseOrigin('here');
    expect(locate).toHaveBeenCalledTimes(1);
    expect(search.from).toEqual(BOVISA);
  });

  it('goes back to home when the device cannot say where the person is, or to nowhere without a home', async () => {
    const withHome = searching({ locate: async () => null });
    await withHome.chooseOrigin('here');
    expect(withHome.locationFailed).toBe(true);
    expect(withHome.origin).toBe('home');
    expect(withHome.locating).toBe(false);

    const noHome = searching({ home: null, locate: async () => null });
    await noHome.chooseOrigin('here');
    expect(noHome.origin).toBe('none');
    await noHome.chooseOrigin('none');
    expect(noHome.locationFailed).toBe(false);
  });

  it('does not keep "where I am now": a new visit asks again', async () => {
    const search = searching({ locate: async () => BOVISA });
    await search.chooseOrigin('here');
    search.remember();
    expect(searching().origin).toBe('none');
  });

  it('clears every filter at once; spaces typed and the sort order are no filter', async () => {
    const search = searching();
    search.query.text = '   ';
    search.query.sort = 'distance';
    expect(search.filtered).toBe(false);
    search.toggle('weekdays', 4);
    await search.chooseOrigin('home');
    expect(search.filtered).toBe(true);
    search.clear();
    expect(search.query).toEqual(EMPTY_QUERY);
    expect(search.origin).toBe('none');
    expect(search.filtered).toBe(false);
  });

  it('remembers list or map for the rest of the visit', () => {
    searching().chooseView('map');
    expect(searching().view).toBe('map');
    vi.stubGlobal('sessionStorage', memoryStorage());
    expect(searching().view).toBe('list');
  });
});
