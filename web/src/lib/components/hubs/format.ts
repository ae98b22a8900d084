import { cached } from '$lib/i18n';
import { INTL_LOCALE, type Locale } from '$shared/locale';
import type { Weekday } from '$shared/hubs';
import { PROGRAMME_TIME_ZONE } from '$shared/dates';

/** A day of the week by name in the reader's language (1 = Monday: 1 January 2024 was one). */
export function weekdayName(day: Weekday | number, locale: Locale): string {
  return cached(`weekday:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'long', timeZone: 'UTC' })).format(
    Date.UTC(2024, 0, day),
  );
}

/** A language's name in the reader's language ("ar" → "arabo" in Italian). */
export function languageName(code: string, locale: Locale): string {
  return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'language' }).of(code) ?? code;
}

/** Languages by name as the reader's language lists them ("italiano e arabo", "الإيطالية والعربية"). */
export function languageList(codes: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(INTL_LOCALE[locale], { type: 'conjunction' }).format(codes.map((code) => languageName(code, locale)));
}

/** When an event happens, on Milan's clocks, in the reader's language ("sabato 12 dicembre, 16:00–18:00"). */
export function eventWhen(event: { startsAt: string; endsAt: string }, locale: Locale): { day: string; starts: string; ends: string } {
  const day = cached(
    `event-day:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'long', day: 'numeric', month: 'long', timeZone: PROGRAMME_TIME_ZONE }),
  );
  const time = cached(
    `event-time:${locale}`,
    () =>
      new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: PROGRAMME_TIME_ZONE }),
  );
  return {
    day: day.format(new Date(event.startsAt)),
    starts: time.format(new Date(event.startsAt)),
    ends: time.format(new Date(event.endsAt)),
  };
}
