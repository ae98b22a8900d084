import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUNICIPIO_CENTRES, type SearchResult } from '$shared/catalogue';
import { aCatalogueOffer } from '../../../../tests/support/offers';
import { chooseStyle, CITY_BOUNDS, placesKey, placesOf, readingOrder, resultBounds } from './map-points';

const NAVIGLI = { lat: 45.4512, lon: 9.1731 };
const BOVISA = { lat: 45.5027, lon: 9.1595 };

/** A search result at a place (the map reads its id and coordinates). */
function found(id: string, place: { lat: number; lon: number }): SearchResult {
  const offer = aCatalogueOffer(id, place);
  return { offer, distanceKm: null, nextSession: null };
}

describe('the places of a search, as the map draws them', () => {
  it('makes one GeoJSON point per place, longitude first, with its offers in the results’ order', () => {
    const places = placesOf([found('swim', NAVIGLI), found('robots', BOVISA), found('basket', NAVIGLI)]);
    expect(places.type).toBe('FeatureCollection');
    expect(places.features.map((f) => [f.geometry.coordinates, f.properties.offerIds])).toEqual([
      [
        [NAVIGLI.lon, NAVIGLI.lat],
        ['swim', 'basket'],
      ],
      [[BOVISA.lon, BOVISA.lat], ['robots']],
    ]);
  });

  it('joins the same address typed with a few metres’ difference, and keeps places 100 m apart', () => {
    const places = placesOf([
      found('a', NAVIGLI),
      found('b', { lat: NAVIGLI.lat + 0.000001, lon: NAVIGLI.lon }),
      found('c', { lat: NAVIGLI.lat + 0.001, lon: NAVIGLI.lon }),
    ]);
    expect(places.features.map((f) => f.properties.offerIds)).toEqual([['a', 'b'], ['c']]);
  });

  it('leaves out an offer with no usable coordinates instead of drawing it off the coast of Africa', () => {
    const places = placesOf([found('ok', NAVIGLI), found('nan', { lat: Number.NaN, lon: 9.1 }), found('far', { lat: 123, lon: 9.1 })]);
    expect(places.features.flatMap((f) => f.properties.offerIds)).toEqual(['ok']);
  });

  it('puts every result found on exactly one place', () => {
    const milan = fc.record({
      lat: fc.double({ min: 45.38, max: 45.54, noNaN: true }),
      lon: fc.double({ min: 9.04, max: 9.28, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(milan, { maxLength: 60 }), (spots) => {
        const results = spots.map((spot, i) => found(`o${i}`, spot));
        const ids = placesOf(results).features.flatMap((f) => f.properties.offerIds);
        expect(ids.sort()).toEqual(results.map((r) => r.offer.id).sort());
      }),
    );
  });

  it('changes its key when the places or their offers change, not when the same results are found again', () => {
    const key = (results: SearchResult[]) => placesKey(placesOf(results));
    expect(key([found('a', NAVIGLI), found('b', BOVISA)])).toBe(key([found('a', NAVIGLI), found('b', BOVISA)]));
    expect(key([found('a', NAVIGLI)])).not.toBe(key([found('a', NAVIGLI), found('b', NAVIGLI)]));
    expect(key([found('a', NAVIGLI)])).not.toBe(key([found('a', BOVISA)]));
  });
});

describe('where the map looks', () => {
  it('fits every place found', () => {
    expect(resultBounds(placesOf([found('a', NAVIGLI), found('b', BOVISA)]))).toEqual([BOVISA.lon, NAVIGLI.lat, NAVIGLI.lon, BOVISA.lat]);
  });

  it('closes in on a single place (the map caps the zoom)', () => {
    expect(resultBounds(placesOf([found('a', NAVIGLI)]))).toEqual([NAVIGLI.lon, NAVIGLI.lat, NAVIGLI.lon, NAVIGLI.lat]);
  });

  it('shows Milan, its nine municipi, when there is nothing to fit', () => {
    expect(resultBounds(placesOf([]))).toEqual(CITY_BOUNDS);
    for (const { lat, lon } of Object.values(MUNICIPIO_CENTRES)) {
      expect(lon).toBeGreaterThanOrEqual(CITY_BOUNDS[0]);
      expect(lat).toBeGreaterThanOrEqual(CITY_BOUNDS[1]);
      expect(lon).toBeLessThanOrEqual(CITY_BOUNDS[2]);
      expect(lat).toBeLessThanOrEqual(CITY_BOUNDS[3]);
    }
  });
});

describe('the tile style', () => {
  it('is the configured one while there is a network, else the plain background', () => {
    expect(chooseStyle('https://tiles.example.org/style.json', true)).toBe('https://tiles.example.org/style.json');
    expect(chooseStyle('https://tiles.example.org/style.json', false)).toBeNull();
    expect(chooseStyle('', true)).toBeNull();
    expect(chooseStyle('  ', true)).toBeNull();
    expect(chooseStyle(undefined, true)).toBeNull();
  });
});

describe('the markers’ order for the keyboard', () => {
  const at = (name: string, x: number, y: number) => ({ name, x, y });
  const markers = [at('south', 50, 300), at('north-east', 300, 20), at('north-west', 40, 30)];

  it('goes top to bottom, then left to right', () => {
    expect(readingOrder(markers, false).map((m) => m.name)).toEqual(['north-west', 'north-east', 'south']);
  });

  it('goes top to bottom, then right to left in Arabic', () => {
    expect(readingOrder(markers, true).map((m) => m.name)).toEqual(['north-east', 'north-west', 'south']);
  });
});
