import { getLocale, setLocale } from '$shared/i18n/paraglide/runtime.js';
import { translate } from '$shared/i18n/translate';
import { isLocale, textDirection, type Locale } from '$shared/locale';

export { m } from '$shared/i18n/paraglide/messages.js';
export { getLocale };

/** The app's current language (paraglide reads it from this device's choice, else the browser's, else Italian). */
export function currentLocale(): Locale {
  const locale = getLocale();
  return isLocale(locale) ? locale : 'it';
}

/** Marks the page with its language and writing direction, for screen readers and for right-to-left layout. */
export function applyDocumentLocale(): void {
  const locale = currentLocale();
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);
}

/** A message by key, for keys that arrive as data (valibot issues, server field codes). */
export function t(key: string): string {
  return translate(key, currentLocale());
}

/** Switches language; the page reloads so every text, date and number changes together. */
export function switchLanguage(locale: Locale, options: { reload?: boolean } = {}): void {
  setLocale(locale, { reload: options.reload ?? true });
}
