import { INTL_LOCALE, type Locale } from './locale';

// Building a formatter costs far more than using one (a wallet shows dozens of amounts): one per use.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, kind: 'currency' | 'points'): Intl.NumberFormat {
  const key = `${locale}:${kind}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], kind === 'currency' ? { style: 'currency', currency: 'EUR' } : {});
    formats.set(key, format);
  }
  return format;
}

/** Euro cents as a person reads them (1234 → "12,34 €" in Italian). Amounts are integers, never floats. */
export function formatCents(cents: number, locale: Locale): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Money must be a whole number of cents: ${cents}`);
  return numberFormat(locale, 'currency').format(cents / 100);
}

/**
 * Euros as typed by a person ("120", "120,50", "120.5") to whole cents, without ever going through a
 * float; null when it is not an amount. Thousands separators are refused rather than guessed.
 */
export function parseEuros(text: string): number | null {
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Credits are whole points, shown as a plain number in the reader's language. */
export function formatPoints(points: number, locale: Locale): string {
  return numberFormat(locale, 'points').format(points);
}
