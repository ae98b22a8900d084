import * as v from 'valibot';
import { EMPTY_QUERY, SearchQuerySchema, type SearchQuery } from '$shared/catalogue';

/** Where distances are measured from: nowhere, the family's home (its municipio), or where the person is now. */
export type Origin = 'none' | 'home' | 'here';
export type SavedSearch = { query: SearchQuery; origin: Origin };

// One per person: on a shared family phone, nobody finds another person's search in the box.
const key = (userId: string) => `wishmi.catalogue.search.${userId}`;
const SavedSchema = v.object({
  query: v.fallback(SearchQuerySchema, EMPTY_QUERY),
  origin: v.fallback(v.picklist(['none', 'home', 'here']), 'none'),
});

/** The filters as the person left them on this device (a family keeps coming back to the same search). */
export function loadSearch(userId: string): SavedSearch {
  try {
    const saved = v.safeParse(SavedSchema, JSON.parse(localStorage.getItem(key(userId)) ?? 'null'));
    // "Where I am now" is not kept: a new visit asks again rather than trusting an old position.
    if (saved.success)
      return saved.output.origin === 'here' ? { query: { ...saved.output.query, from: null }, origin: 'none' } : saved.output;
  } catch {
    // Nothing kept, or storage blocked: start with no filter.
  }
  return { query: { ...EMPTY_QUERY }, origin: 'none' };
}

export function saveSearch(userId: string, search: SavedSearch): void {
  try {
    localStorage.setItem(key(userId), JSON.stringify(search));
  } catch {
    // Storage full or blocked: the filters last as long as the page.
  }
}

/** Signing out: the person's search goes with them. */
export function forgetSearch(userId: string): void {
  try {
    localStorage.removeItem(key(userId));
  } catch {
    // Storage blocked: nothing was kept.
  }
}

/** List or map: the list unless the person chose the map earlier in this visit (the map costs a download). */
export type CatalogueView = 'list' | 'map';
const VIEW_KEY = 'wishmi.catalogue.view';

export function loadView(): CatalogueView {
  try {
    return sessionStorage.getItem(VIEW_KEY) === 'map' ? 'map' : 'list';
  } catch {
    return 'list';
  }
}

export function saveView(view: CatalogueView): void {
  try {
    sessionStorage.setItem(VIEW_KEY, view);
  } catch {
    // Storage blocked: the choice lasts as long as the page.
  }
}
