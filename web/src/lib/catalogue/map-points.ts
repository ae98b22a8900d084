import type { Feature, FeatureCollection, Point } from 'geojson';
import { MUNICIPIO_CENTRES, type Place, type SearchResult } from '$shared/catalogue';

/**
 * What the map draws, without the map: the places of a search's results and where to look. Pure, so
 * it is tested without WebGL, and small, so the page can use it before the map's library arrives.
 */

/** One place on the map: every offer found there, in the results' order (a sports centre hosts several). */
export type PlaceProperties = { key: string; offerIds: string[] };
export type PlaceFeature = Feature<Point, PlaceProperties>;

/** West, south, east, north, in degrees. */
export type Bounds = [west: number, south: number, east: number, north: number];

// Offers of one provider at one address carry the same coordinates; a few metres of rounding also
// joins an address typed twice, so one button answers for the place instead of buttons on top of each other.
const PLACE_DECIMALS = 5;

const validPlace = ({ lat, lon }: Place) => Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/** The results as GeoJSON points, one per place (GeoJSON orders coordinates longitude first). */
export function placesOf(results: readonly SearchResult[]): FeatureCollection<Point, PlaceProperties> {
  const byKey = new Map<string, PlaceFeature>();
  for (const { offer } of results) {
    if (!validPlace(offer)) continue;
    const lat = Number(offer.lat.toFixed(PLACE_DECIMALS));
    const lon = Number(offer.lon.toFixed(PLACE_DECIMALS));
    const key = `${lat},${lon}`;
    const place = byKey.get(key);
    if (place) place.properties.offerIds.push(offer.id);
    else
      byKey.set(key, { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { key, offerIds: [offer.id] } });
  }
  return { type: 'FeatureCollection', features: [...byKey.values()] };
}

function boundsOf(points: readonly Place[]): Bounds | null {
  if (!points.length) return null;
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { lat, lon } of points) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return [west, south, east, north];
}

/** The city as the map first shows it when nothing is found: the middles of its municipi. */
export const CITY_BOUNDS: Bounds = boundsOf(Object.values(MUNICIPIO_CENTRES))!;

/** Where the map looks: every place found, or the city when there is none. */
export function resultBounds(places: FeatureCollection<Point, PlaceProperties>): Bounds {
  return (
    boundsOf(
      places.features.map(
        ({
          geometry: {
            coordinates: [lon, lat],
          },
        }) => ({ lat, lon }),
      ),
    ) ?? CITY_BOUNDS
  );
}

/** A key that changes only when the set of places or their offers does, not when the same results are found again. */
export function placesKey(places: FeatureCollection<Point, PlaceProperties>): string {
  return places.features.map((place) => `${place.properties.key}:${place.properties.offerIds.join(',')}`).join(';');
}

/**
 * The map's own style when no tiles can be had (none configured, offline, or the style failed): a
 * plain background and nothing that would need a download, not even fonts, so the markers still work.
 */
export const PLAIN_STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e8eef4' } }],
} as const;

/** The tile style to ask for: the configured one while there is a network; null: the plain one. */
export function chooseStyle(configuredUrl: string | undefined, online: boolean): string | null {
  const url = configuredUrl?.trim();
  return url && online ? url : null;
}

/**
 * Markers in reading order, for the keyboard: lines from top to bottom (markers less than `rowPx`
 * below a line's first are on that line), each along the page's direction.
 */
export function readingOrder<T extends { x: number; y: number }>(points: readonly T[], rtl: boolean, rowPx = 32): T[] {
  const rows: T[][] = [];
  for (const point of [...points].sort((a, b) => a.y - b.y)) {
    const row = rows.at(-1);
    if (row && point.y - row[0].y < rowPx) row.push(point);
    else rows.push([point]);
  }
  return rows.flatMap((row) => row.sort((a, b) => (rtl ? b.x - a.x : a.x - b.x)));
}
