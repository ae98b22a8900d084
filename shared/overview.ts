import type { ProviderStatus } from './provider';

/** The five service categories of the catalogue. */
export const CATEGORIES = ['art', 'health', 'school', 'sport', 'stem'] as const;
export type Category = (typeof CATEGORIES)[number];

export type OfferSummary = {
  id: string;
  category: Category;
  /** Title by language code; a reader sees their language, else Italian. */
  title: Record<string, string>;
  priceCents: number;
  municipio: number;
  ageMin: number;
  ageMax: number;
};

export type ProviderOverview = {
  id: string;
  name: string;
  status: ProviderStatus;
  /** Why the city asked for changes, suspended or revoked it. */
  statusReason: string;
  municipio: number;
  offers: OfferSummary[];
};

export type HubOverview = { id: string; name: string; address: string; municipio: number; minorsInMunicipio: number };

export type CityOverview = {
  households: number;
  minors: number;
  providers: number;
  offers: number;
  hubs: number;
  byMunicipio: { municipio: number; households: number; minors: number; offers: number }[];
};

/** The text of a multilingual field in the reader's language, falling back to Italian, then any. */
export function localized(text: Record<string, string>, locale: string): string {
  return text[textLanguage(text, locale)] ?? '';
}

/** The language `localized` shows the field in: mark it (lang="…") so a screen reader reads it right. */
export function textLanguage(text: Record<string, string>, locale: string): string {
  if (text[locale] !== undefined) return locale;
  if (text.it !== undefined) return 'it';
  return Object.keys(text)[0] ?? locale;
}
