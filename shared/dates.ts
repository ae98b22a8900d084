import * as v from 'valibot';
import { INTL_LOCALE, type Locale } from './locale';

/** Calendar dates travel as ISO strings (YYYY-MM-DD): a birth date has no time zone. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The programme's time zone: a call's dates and a session's hours are Milan's, wherever the phone is. */
export const PROGRAMME_TIME_ZONE = 'Europe/Rome';

// Building a formatter with a time zone costs far more than using one (a youth's play reads the day of
// every check-in, twice, each time it is shown): one per use, made once.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (!format) formats.set(key, (format = make()));
  return format;
}

/** The calendar date of an instant in the programme's time zone. */
export function isoDateIn(instant: Date, timeZone = PROGRAMME_TIME_ZONE): string {
  return dateFormat(
    `day:${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

/** The hour (0-23) of an instant on the clocks of the programme's time zone. */
export function hourIn(instant: Date, timeZone = PROGRAMME_TIME_ZONE): number {
  return Number(
    dateFormat(`hour:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })).format(instant),
  );
}

/** The instant a calendar day begins in the programme's time zone (midnight in Milan, summer or winter). */
export function startOfDay(day: string, timeZone = PROGRAMME_TIME_ZONE): Date {
  return instantAt(day, '00:00', timeZone);
}

/** The instant the programme's clocks show a time ("HH:MM") on a day, summer or winter; an invalid date for a day or time that is not one. */
export function instantAt(day: string, time: string, timeZone = PROGRAMME_TIME_ZONE): Date {
  const format = dateFormat(
    `clock:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  );
  // How far the zone's clock is ahead of UTC at an instant (Milan: one or two hours).
  const ahead = (at: number) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - at;
  };
  const utc = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(utc)) return new Date(NaN);
  return new Date(utc - ahead(utc - ahead(utc)));
}

/** Whole years from a birth date to a day; someone born on 29 February turns a year older on 1 March. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * The birth date, on a given birthday ("03-12", not 29 February), of someone exactly `age` on `day`:
 * people of a fixed age whatever the day (a demo family's children stay 9 and 15 as the years pass).
 */
export function birthDateAged(age: number, birthday: string, day: string): string {
  const year = Number(day.slice(0, 4)) - age - (birthday > day.slice(5) ? 1 : 0);
  return `${year}-${birthday}`;
}

/** The calendar day `days` after `day` (before, if negative), both YYYY-MM-DD: no clock or zone involved. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const BirthDateSchema = v.pipe(v.string('field_birth_date'), v.check(isValidIsoDate, 'field_birth_date'));

/** A calendar date as a person reads it in their language ("12 marzo 2011"). */
export function formatIsoDate(day: string, locale: Locale): string {
  return dateFormat(`long:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' })).format(
    new Date(`${day}T00:00:00Z`),
  );
}
