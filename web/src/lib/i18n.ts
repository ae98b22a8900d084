import type { m as Messages } from '$shared/i18n/paraglide/messages.js';
import { getLocale, setLocale } from '$shared/i18n/paraglide/runtime.js';
import { interpolate } from '$shared/i18n/interpolate';
import { isLocale, textDirection, type Locale } from '$shared/locale';
import { MESSAGE_FILES } from './message-files';
import { takeEarly } from './early';

let dictionary: Record<string, string> = {};

/**
 * Each language's messages are a file of their own, fetched once before the first page renders: a
 * phone downloads the language it reads, not all five (the messages are most of the app's first
 * script). Fetched rather than imported, so a dropped connection on a first visit is simply tried
 * again. The page's shell has usually asked for it already: that answer is taken once.
 */
export async function loadMessages(locale: Locale = currentLocale()): Promise<void> {
  const early = (await takeEarly('wishmiMessages', locale)) as Record<string, string> | null | undefined;
  if (early) {
    dictionary = early;
    return;
  }
  const url = MESSAGE_FILES[locale];
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      dictionary = await response.json();
      return;
    } catch (error) {
      if (attempt === 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 400 * 2 ** attempt));
    }
  }
}

const lookup = (key: string, inputs?: Record<string, unknown>): string => {
  const text = dictionary[key];
  return text === undefined ? key : interpolate(text, inputs);
};

/** The messages, typed by the compiled catalogue (names and placeholders), read from the loaded language. */
export const m = new Proxy({} as typeof Messages, {
  get: (_, key) => (inputs?: Record<string, unknown>) => lookup(String(key), inputs),
});

let chosen: Locale | undefined;

/**
 * The app's current language (paraglide reads it from this device's choice, else the browser's, else
 * Italian). Read once per page, as its messages were: a switch reloads the page, and every text,
 * date and number on it then agrees (paraglide would read the device's storage at every call).
 */
export function currentLocale(): Locale {
  if (chosen) return chosen;
  const locale = getLocale();
  return (chosen = isLocale(locale) ? locale : 'it');
}

/** Marks the page with its language and writing direction, for screen readers and for right-to-left layout. */
export function applyDocumentLocale(): void {
  const locale = currentLocale();
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);
}

/** A message by key, for keys that arrive as data (valibot issues, server field codes). */
export function t(key: string): string {
  return lookup(key);
}

/** Switches language; the page reloads so every text, date and number changes together. */
export function switchLanguage(locale: Locale, options: { reload?: boolean } = {}): void {
  const shown = currentLocale();
  setLocale(locale, { reload: false });
  chosen = undefined;
  // Paraglide would reload only if its stored choice changed, and another tab may have stored this
  // language already while this page shows another.
  if ((options.reload ?? true) && locale !== shown) location.reload();
}

const others = new Map<Locale, Record<string, string>>();

/**
 * Another language's messages besides the page's own, for a page that shows two (a hub operator helping
 * a family at the desk sees the family's language beside theirs): fetched once, and kept.
 */
export async function loadLanguage(locale: Locale): Promise<void> {
  if (others.has(locale) || locale === currentLocale()) return;
  const response = await fetch(MESSAGE_FILES[locale]);
  if (response.ok) others.set(locale, await response.json());
}

/** A message in a language `loadLanguage` fetched, or null while it has not (or it is the page's own). */
export function inLanguage(locale: Locale, key: string, inputs?: Record<string, unknown>): string | null {
  const text = others.get(locale)?.[key];
  return text === undefined ? null : interpolate(text, inputs);
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
/** One formatter per key, made once: building Intl formatters is slow, and lists format hundreds of values. */
export function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) formats.set(key, (format = make()));
  return format;
}
