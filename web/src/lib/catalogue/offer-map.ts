import { Map as MapLibre, Marker, NavigationControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker as a file of this app (same origin), so the policy needs no `blob:` worker and the
// service worker precaches it with the rest of the map.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import Supercluster from 'supercluster';
import { iconMarkup, type IconName } from '$lib/icon';
import type { FeatureCollection, Point } from 'geojson';
import { chooseStyle, placesKey, PLAIN_STYLE, readingOrder, resultBounds, type PlaceProperties } from './map-points';

/**
 * The catalogue's map: maplibre for the background and the camera, supercluster for the markers.
 * Loaded only when someone opens the map (the library is several times the rest of the app).
 *
 * Markers are HTML buttons, not map layers: they need no glyphs or sprites (nothing to download when
 * offline), the keyboard reaches them, and screen readers name them.
 */

export type OfferMapOptions = {
  /** The tile style configured at build time (VITE_MAP_STYLE_URL); empty: the plain background. */
  styleUrl: string | undefined;
  rtl: boolean;
  /** The strings maplibre shows itself, in the page's language. */
  labels: { map: string; zoomIn: string; zoomOut: string };
  /** The accessible name and face of a marker. */
  clusterName: (offers: number) => string;
  placeName: (offerIds: string[]) => string;
  /** The name of the icon a single place shows (several show their count). */
  placeIcon: (offerIds: string[]) => IconName;
  /** Someone chose a place (one offer or several at one address). */
  onSelect: (offerIds: string[]) => void;
  /** Whether the map's background (tiles) is there; false: the plain background is shown instead. */
  onTiles: (available: boolean) => void;
};

export type OfferMap = {
  /** Shows these places; the camera moves to them when they differ from the last ones shown. */
  show: (places: FeatureCollection<Point, PlaceProperties>) => void;
  destroy: () => void;
};

/** No WebGL 2 (an old phone, a locked-down browser): the page says so and keeps the list. */
export class MapUnsupportedError extends Error {}

/** How long a configured style may take to arrive before the plain background is used instead. */
const STYLE_TIMEOUT_MS = 8_000;
/** Markers are 44 px buttons (a finger's width): points closer than this on screen are one cluster. */
const CLUSTER_RADIUS_PX = 56;
const CLUSTER_MAX_ZOOM = 17;
const MAX_ZOOM = 18;
/** Room around the places when the camera fits them, so no marker sits on the map's edge. */
const FIT_PADDING_PX = 48;
/** More room on the side of the zoom buttons (44 px wide, 10 px from the edge), so none hides a marker. */
const CONTROLS_PADDING_PX = 48 + 64;
const FIT_MAX_ZOOM = 15;

type ClusterProps = { offers: number };
type Entry = { key: string; marker: Marker; element: HTMLButtonElement; added: boolean };

setWorkerUrl(workerUrl);

export function openOfferMap(container: HTMLElement, options: OfferMapOptions): OfferMap {
  const padding = {
    top: FIT_PADDING_PX,
    bottom: FIT_PADDING_PX,
    left: options.rtl ? CONTROLS_PADDING_PX : FIT_PADDING_PX,
    right: options.rtl ? FIT_PADDING_PX : CONTROLS_PADDING_PX,
  };
  const configured = options.styleUrl?.trim() || null;
  const chosen = chooseStyle(configured ?? undefined, navigator.onLine);
  let map: MapLibre;
  try {
    map = new MapLibre({
      container,
      style: chosen ?? (PLAIN_STYLE as unknown as StyleSpecification),
      bounds: resultBounds({ type: 'FeatureCollection', features: [] }),
      fitBoundsOptions: { padding },
      maxZoom: MAX_ZOOM,
      // North stays up: turning or tilting a city map helps nobody find an activity.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      // Attribution in full (tile providers require it), so there is no toggle to name.
      attributionControl: { compact: false },
      locale: {
        'Map.Title': options.labels.map,
        'NavigationControl.ZoomIn': options.labels.zoomIn,
        'NavigationControl.ZoomOut': options.labels.zoomOut,
      },
    });
  } catch (error) {
    throw new MapUnsupportedError(error instanceof Error ? error.message : String(error));
  }
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), options.rtl ? 'top-left' : 'top-right');

  // The background: the configured style while it works, the plain one when it does not.
  let remote = chosen !== null;
  let styleLoaded = false;
  let styleTimer = 0;
  const waitForStyle = () => {
    window.clearTimeout(styleTimer);
    styleTimer = window.setTimeout(() => {
      if (remote && !styleLoaded) usePlain();
    }, STYLE_TIMEOUT_MS);
  };
  const usePlain = () => {
    remote = false;
    window.clearTimeout(styleTimer);
    map.setStyle(PLAIN_STYLE as unknown as StyleSpecification, { diff: false });
    options.onTiles(false);
  };
  if (remote) waitForStyle();
  else options.onTiles(false);
  map.on('style.load', () => {
    styleLoaded = true;
    window.clearTimeout(styleTimer);
    if (remote) options.onTiles(true);
  });
  map.on('error', (event) => {
    if (!remote) return;
    // The style itself failed (offline, blocked, not found): nothing would be drawn, so plain it is.
    if (!styleLoaded) usePlain();
    // A tile failed: what is drawn stays, and the note says the background may be missing.
    else if ('sourceId' in event || 'tile' in event) options.onTiles(false);
  });
  // The network is back: try the configured style again.
  const online = () => {
    if (remote || !configured) return;
    remote = true;
    styleLoaded = false;
    map.setStyle(configured, { diff: false });
    waitForStyle();
  };
  addEventListener('online', online);

  // The markers: clusters computed for what is on screen, each time the camera stops.
  let index: Supercluster<PlaceProperties, ClusterProps> | null = null;
  let shownKey: string | null = null;
  let selected: string | null = null;
  const markers = new Map<string, Entry>();

  function marker(
    key: string,
    make: () => { className: string; name: string; face: { text: string } | { icon: IconName }; count: number; onClick: () => void },
  ): Entry {
    const existing = markers.get(key);
    if (existing) return existing;
    const { className, name, face, count, onClick } = make();
    const element = document.createElement('button');
    element.type = 'button';
    element.className = `map-marker ${className}`;
    element.classList.toggle('selected', key === selected);
    element.setAttribute('aria-label', name);
    element.dataset.count = String(count);
    if ('text' in face) element.textContent = face.text;
    else element.innerHTML = iconMarkup(face.icon);
    element.addEventListener('click', (event) => {
      // A click on a marker is not a click on the map beneath it.
      event.stopPropagation();
      onClick();
    });
    const entry: Entry = { key, marker: new Marker({ element }), element, added: false };
    markers.set(key, entry);
    return entry;
  }

  function select(key: string, offerIds: string[]) {
    selected = key;
    for (const entry of markers.values()) entry.element.classList.toggle('selected', entry.key === key);
    options.onSelect(offerIds);
  }

  function draw() {
    if (!index) return;
    const bounds = map.getBounds();
    const zoom = Math.floor(map.getZoom());
    const wanted: { entry: Entry; x: number; y: number }[] = [];
    for (const feature of index.getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], zoom)) {
      const [lon, lat] = feature.geometry.coordinates;
      const properties = feature.properties;
      let entry: Entry;
      if ('cluster' in properties && properties.cluster) {
        const { cluster_id: clusterId, offers } = properties;
        entry = marker(`cluster:${clusterId}`, () => ({
          className: 'cluster',
          name: options.clusterName(offers),
          face: { text: String(offers) },
          count: offers,
          onClick: () => {
            map.easeTo({ center: [lon, lat], zoom: Math.min(index!.getClusterExpansionZoom(clusterId), MAX_ZOOM) });
            // The button goes as the cluster opens: the keyboard carries on from the map.
            map.getCanvas().focus();
          },
        }));
      } else {
        const { key, offerIds } = properties as PlaceProperties;
        entry = marker(`place:${key}`, () => ({
          className: offerIds.length > 1 ? 'place several' : 'place',
          name: options.placeName(offerIds),
          face: offerIds.length > 1 ? { text: String(offerIds.length) } : { icon: options.placeIcon(offerIds) },
          count: offerIds.length,
          onClick: () => select(`place:${key}`, offerIds),
        }));
      }
      entry.marker.setLngLat([lon, lat]);
      const { x, y } = map.project([lon, lat]);
      wanted.push({ entry, x, y });
    }
    const keep = new Set(wanted.map(({ entry }) => entry.key));
    for (const entry of markers.values()) {
      if (keep.has(entry.key)) continue;
      entry.marker.remove();
      markers.delete(entry.key);
    }
    // In reading order, so Tab goes through them as the eye does; the focused one stays where it is.
    const parent = map.getCanvasContainer();
    for (const { entry } of readingOrder(wanted, options.rtl)) {
      if (!entry.added) {
        entry.marker.addTo(map);
        entry.added = true;
      } else if (entry.element !== document.activeElement) parent.appendChild(entry.element);
    }
  }
  map.on('moveend', draw);

  return {
    show(places) {
      const key = placesKey(places);
      if (key === shownKey) return;
      shownKey = key;
      index = new Supercluster<PlaceProperties, ClusterProps>({
        radius: CLUSTER_RADIUS_PX,
        maxZoom: CLUSTER_MAX_ZOOM,
        map: (place) => ({ offers: place.offerIds.length }),
        reduce: (sum, place) => {
          sum.offers += place.offers;
        },
      });
      index.load(places.features);
      for (const entry of markers.values()) entry.marker.remove();
      markers.clear();
      const [west, south, east, north] = resultBounds(places);
      map.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding, maxZoom: FIT_MAX_ZOOM, animate: false },
      );
      // fitBounds without animation may end where the camera already was, with no moveend.
      draw();
    },
    destroy() {
      window.clearTimeout(styleTimer);
      removeEventListener('online', online);
      map.remove();
    },
  };
}
