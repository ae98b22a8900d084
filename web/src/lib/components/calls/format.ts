import { cached, currentLocale, m, t } from '$lib/i18n';
import type { CallRules } from '$shared/calls';
import { INTL_LOCALE } from '$shared/locale';
import { parseEuros } from '$shared/money';
import { PROGRAMME_TIME_ZONE } from '$shared/dates';

const STYLES = {
  day: { dateStyle: 'long' },
  short: { dateStyle: 'medium' },
  when: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
function format(kind: keyof typeof STYLES): Intl.DateTimeFormat {
  const locale = currentLocale();
  return cached(
    `call-${kind}:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...STYLES[kind], timeZone: PROGRAMME_TIME_ZONE }),
  );
}

/** "30 giugno 2026", in Milan. */
export const callDay = (iso: string) => format('day').format(new Date(iso));
/** "30 giu 2026", in Milan. */
export const callShortDay = (iso: string) => format('short').format(new Date(iso));
/** "30 giu 2026, 18:00", in Milan. */
export const callWhen = (iso: string) => format('when').format(new Date(iso));

/** The offset of Milan's clock from UTC at an instant, in ms (one hour in winter, two in summer). */
function offsetMs(instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: PROGRAMME_TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * A `datetime-local` field's value ("2026-03-01T09:00"), read as Milan's time, as an ISO instant; ''
 * when it is not a time, so the schema names the field. The office's computer may be set to any zone.
 */
export function instantOf(local: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return '';
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Milan's offset at the guess, then again at the corrected time (the two differ only around a change of clocks).
  let instant = wall - offsetMs(wall);
  instant = wall - offsetMs(instant);
  return new Date(instant).toISOString();
}

/** An instant as a `datetime-local` field shows it, in Milan's time. */
export function localOf(instant: Date): string {
  const shifted = new Date(instant.getTime() + offsetMs(instant.getTime()));
  return shifted.toISOString().slice(0, 16);
}

/**
 * Euros as a person types or copies them from a certificate ("12.345,67", "12345,67", "12 345"). A mark
 * followed by exactly three digits is a thousands separator: it cannot be decimals, which have two at
 * most. Anything else is left to `parseEuros`, which refuses what it cannot read for sure.
 */
export function readEuros(text: string): number | null {
  const compact = text.trim().replace(/[\s\u00a0\u202f'’€]/g, '');
  // With both marks, the last is the decimal one ("12.345,67", "12,345.67"): at most two digits after it.
  const last = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  if (compact.includes(',') && compact.includes('.')) {
    const decimals = compact.slice(last + 1);
    if (!/^\d{1,2}$/.test(decimals)) return null;
    return parseEuros(`${compact.slice(0, last).replace(/[.,]/g, '')},${decimals}`);
  }
  // "0,500" has no thousands to separate: a slip, not five hundred euros.
  if (/^0[.,]\d{3}/.test(compact)) return null;
  return parseEuros(compact.replace(/[.,](?=\d{3}(?:[.,]|$))/g, ''));
}

/**
 * What breaks a tie in points, in the call's order. "›" is mirrored in right-to-left text, so it
 * points the way an Arabic reader reads (an arrow such as "→" would point back).
 */
export function tieBreakersText(rules: CallRules): string {
  if (rules.tieBreakers.length === 0) return m.city_calls_form_ties_none();
  return m.calls_tie_explain({ rules: rules.tieBreakers.map((b) => t(`tie_breaker_${b}`)).join(' › ') });
}
