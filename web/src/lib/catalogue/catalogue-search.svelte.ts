import { EMPTY_QUERY, searchCatalogue, type IndexedOffer, type Place, type SearchQuery, type SearchResult } from '$shared/catalogue';
import { loadSearch, loadView, saveSearch, saveView, type CatalogueView, type Origin } from './query';

/** How many results show at first, and how many more each "show more" adds. */
export const RESULTS_PAGE = 20;

/** Where the person is now, as the device tells it; null when it cannot (no permission, no fix, no GPS). */
export type Locate = () => Promise<Place | null>;

/** The browser's own answer, coarse and at most five minutes old: "near me" needs no precision. */
export const locateWithBrowser: Locate = () =>
  new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lon: position.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 5 * 60_000 },
    );
  });

/** The filters ticked as chips: any number of each. */
export type ChipFilter = 'categories' | 'weekdays' | 'pillars' | 'accessibility';

export type CatalogueSearchOptions = {
  userId: string;
  /** The ages the family may look for (its children, or the youth themselves). */
  ages: number[];
  /** The family's home, when it gave its municipio. */
  home: () => Place | null;
  /** The offers to search, as the device's copy of the catalogue holds them now. */
  offers: () => readonly IndexedOffer[];
  /** The moment sessions already started are left out from (when the page opened). */
  now?: Date;
  locate?: Locate;
};

/**
 * A family's search of the catalogue, on the device's copy: the filters as the person left them on
 * this device, where distances are measured from, the results a page at a time, list or map.
 * Create it while a component starts: the filters are kept as they change.
 */
export class CatalogueSearch {
  query = $state<SearchQuery>({ ...EMPTY_QUERY });
  origin = $state<Origin>('none');
  /** Where the person is, once the device said. */
  here = $state<Place | null>(null);
  locating = $state(false);
  /** The device could not say where the person is: distances went back to home, or to nowhere. */
  locationFailed = $state(false);
  view = $state<CatalogueView>('list');
  /** How many results of which search show: a new search starts again from the first page. */
  #page = $state({ search: '', shown: RESULTS_PAGE });
  readonly #now: Date;
  readonly #locate: Locate;

  constructor(private readonly options: CatalogueSearchOptions) {
    const saved = loadSearch(options.userId);
    // A kept age that is no longer anyone's (a birthday, a child removed) would filter unseen: dropped.
    if (saved.query.age !== null && !options.ages.includes(saved.query.age)) saved.query.age = null;
    this.query = saved.query;
    this.origin = saved.origin;
    this.view = loadView();
    this.#now = options.now ?? new Date();
    this.#locate = options.locate ?? locateWithBrowser;
    $effect(() => this.remember());
  }

  /** Where distances are measured from, now. */
  readonly from = $derived.by<Place | null>(() =>
    this.origin === 'home' ? this.options.home() : this.origin === 'here' ? this.here : null,
  );
  /** The query as searched: no distance to sort by without a place. */
  readonly effective = $derived<SearchQuery>({ ...this.query, from: this.from, sort: this.from ? this.query.sort : 'date' });
  readonly results = $derived.by<SearchResult[]>(() => searchCatalogue(this.options.offers(), this.effective, this.#now));
  /** Any filter at all (not the sort order, not spaces typed): "clear" is offered. */
  readonly filtered = $derived(
    JSON.stringify({ ...this.query, sort: null, text: this.query.text.trim() }) !== JSON.stringify({ ...EMPTY_QUERY, sort: null }) ||
      this.origin !== 'none',
  );
  readonly #search = $derived(JSON.stringify(this.effective));

  /** How many of the results show. */
  get shown(): number {
    return this.#page.search === this.#search ? this.#page.shown : RESULTS_PAGE;
  }

  showMore(): void {
    this.#page = { search: this.#search, shown: this.shown + RESULTS_PAGE };
  }

  /** Keeps the filters on the device for the next visit. */
  remember(): void {
    saveSearch(this.options.userId, { query: $state.snapshot(this.query), origin: this.origin });
  }

  chosen(key: ChipFilter): (string | number)[] {
    return this.query[key];
  }

  toggle(key: ChipFilter, item: string | number): void {
    const list = this.chosen(key);
    (this.query[key] as (string | number)[]) = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  }

  /** Measures distances from nowhere, home, or here (asking the device where that is, once). */
  async chooseOrigin(next: Origin): Promise<void> {
    this.origin = next;
    this.locationFailed = false;
    if (next !== 'here' || this.here) return;
    this.locating = true;
    const place = await this.#locate();
    this.locating = false;
    if (place) {
      this.here = place;
    } else {
      this.locationFailed = true;
      this.origin = this.options.home() ? 'home' : 'none';
    }
  }

  /** List or map, kept for the rest of the visit. */
  chooseView(next: CatalogueView): void {
    this.view = next;
    saveView(next);
  }

  clear(): void {
    this.query = { ...EMPTY_QUERY };
    this.origin = 'none';
    this.locationFailed = false;
  }
}
