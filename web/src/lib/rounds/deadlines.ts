import { m } from '$lib/i18n';
import { addDays, formatIsoDate } from '$shared/dates';
import type { Locale } from '$shared/locale';
import type { RoundCalendar } from '$shared/micro-projects';

/** "You can propose ideas until …": the last day before co-design begins, included. */
export const ideasUntil = (calendar: RoundCalendar, locale: Locale): string =>
  m.youth_ideas_until({ date: formatIsoDate(addDays(calendar.codesignFrom, -1), locale) });

/** "You can vote until …": the last day before the results phase begins, included. */
export const voteUntil = (calendar: RoundCalendar, locale: Locale): string =>
  m.youth_vote_until({ date: formatIsoDate(addDays(calendar.resultsFrom, -1), locale) });
