import * as v from 'valibot';

/** Italian first: it is the city's language and the fallback for every missing choice. */
export const LOCALES = ['it', 'en', 'ar', 'zh', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'it';

/** Each language named in itself, so a reader finds their own language without reading Italian. */
export const LOCALE_NAMES: Record<Locale, string> = {
  it: 'Italiano',
  en: 'English',
  ar: 'العربية',
  zh: '中文',
  es: 'Español',
};

/** The regional form used to format numbers, dates and money in each language. */
export const INTL_LOCALE: Record<Locale, string> = { it: 'it-IT', en: 'en-GB', ar: 'ar', zh: 'zh-CN', es: 'es-ES' };

export const LocaleSchema = v.picklist(LOCALES, 'field_language');

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function textDirection(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/**
 * Picks the first supported language from an Accept-Language header
 * ("ar-EG,ar;q=0.9,en;q=0.5"), honouring q weights; null when none is supported.
 */
export function pickLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLocale) ?? null;
}
