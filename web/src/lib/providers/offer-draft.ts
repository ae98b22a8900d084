import type { OfferInput, ProviderOffer } from '$shared/offer';
import { LOCALES, type Locale } from '$shared/locale';
import { formatCents, parseEuros } from '$shared/money';
import { isBlank, numberField, type NumberField } from '$lib/state/form.svelte';

/** The offer as typed: numbers still text until sent (a price "12,50", a blank credit price). */
export type OfferDraft = Omit<
  OfferInput,
  'title' | 'description' | 'ageMin' | 'ageMax' | 'priceCents' | 'creditPrice' | 'municipio' | 'lat' | 'lon' | 'cancelHours'
> & {
  title: Record<Locale, string>;
  description: Record<Locale, string>;
  ageMin: NumberField;
  ageMax: NumberField;
  price: string;
  creditPrice: NumberField;
  municipio: string;
  lat: string;
  lon: string;
  cancelHours: NumberField;
};

const byLanguage = (text: Partial<Record<string, string>> = {}) =>
  Object.fromEntries(LOCALES.map((l) => [l, text[l] ?? ''])) as Record<Locale, string>;

export function emptyOffer(): OfferDraft {
  return {
    title: byLanguage(),
    description: byLanguage(),
    category: 'sport',
    pillars: [],
    ageMin: '6',
    ageMax: '17',
    price: '',
    voucherAccepted: true,
    creditPrice: '',
    address: '',
    municipio: '',
    lat: '',
    lon: '',
    accessibility: [],
    languages: ['it'],
    cancelHours: '24',
    status: 'draft',
  };
}

export function offerDraft(o: ProviderOffer): OfferDraft {
  return {
    title: byLanguage(o.title),
    description: byLanguage(o.description),
    category: o.category,
    pillars: [...o.pillars],
    ageMin: String(o.ageMin),
    ageMax: String(o.ageMax),
    // Typed the Italian way, as the hint shows: digits and a decimal comma.
    price: formatCents(o.priceCents, 'it').replace(/[^\d,]/g, ''),
    voucherAccepted: o.voucherAccepted,
    creditPrice: o.creditPrice === null ? '' : String(o.creditPrice),
    address: o.address,
    municipio: String(o.municipio),
    lat: String(o.lat),
    lon: String(o.lon),
    accessibility: [...o.accessibility],
    languages: [...o.languages],
    cancelHours: String(o.cancelHours),
    status: o.status,
  };
}

/** The draft as the schema reads it: text that is not a number stays NaN, so the schema names the field. */
export function offerOf(d: OfferDraft) {
  // The number fields hold numbers (Svelte binds them so), the coordinates text: one reading for both.
  const number = numberField;
  return {
    ...d,
    ageMin: number(d.ageMin),
    ageMax: number(d.ageMax),
    priceCents: parseEuros(d.price) ?? NaN,
    creditPrice: isBlank(d.creditPrice) ? null : number(d.creditPrice),
    municipio: d.municipio ? Number(d.municipio) : undefined,
    lat: number(d.lat),
    lon: number(d.lon),
    cancelHours: number(d.cancelHours),
  };
}
