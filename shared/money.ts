import { INTL_LOCALE, type Locale } from './locale';

/** Euro cents as a person reads them (1234 → "12,34 €" in Italian). Amounts are integers, never floats. */
export function formatCents(cents: number, locale: Locale): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Money must be a whole number of cents: ${cents}`);
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
