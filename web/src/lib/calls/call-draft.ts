import { DEFAULT_RULES, type Per, type TieBreaker } from '$shared/calls';
import { LOCALES, type Locale } from '$shared/locale';
import { instantOf, localOf, readEuros } from '$lib/components/calls/format';
import { numberField as whole, type NumberField } from '$lib/state/form.svelte';

/** The call as typed: sums in euros and numbers still text, times as `datetime-local` shows them (Milan's). */
export type CallDraft = {
  name: Record<Locale, string>;
  description: Record<Locale, string>;
  budget: string;
  opensAt: string;
  closesAt: string;
  spendingDeadline: string;
  graceHours: NumberField;
  iseeCeiling: string;
  minorAgeMin: NumberField;
  minorAgeMax: NumberField;
  per: Per;
  bands: { below: string; amount: string }[];
  points: { perDisabledMember: NumberField; perMinor: NumberField; singleParent: NumberField };
  tieBreakers: TieBreaker[];
};

const byLanguage = () => Object.fromEntries(LOCALES.map((l) => [l, ''])) as Record<Locale, string>;
/** Whole euros as the form shows them: "27000". */
const euros = (cents: number) => String(cents / 100);
const DAY_MS = 86_400_000;

/** A new call with Milan's default rules: applications open now for a month, a year to spend the voucher. */
export function emptyCall(now: Date): CallDraft {
  const hour = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const r = DEFAULT_RULES;
  return {
    name: byLanguage(),
    description: byLanguage(),
    budget: '',
    opensAt: localOf(hour),
    closesAt: localOf(new Date(hour.getTime() + 30 * DAY_MS)),
    spendingDeadline: localOf(new Date(hour.getTime() + 365 * DAY_MS)),
    graceHours: '48',
    iseeCeiling: euros(r.iseeCeilingCents),
    minorAgeMin: String(r.minorAgeMin),
    minorAgeMax: String(r.minorAgeMax),
    per: r.per,
    bands: r.bands.map((b) => ({ below: euros(b.belowCents), amount: euros(b.amountCents) })),
    points: {
      perDisabledMember: String(r.points.perDisabledMember),
      perMinor: String(r.points.perMinor),
      singleParent: String(r.points.singleParent),
    },
    tieBreakers: [...r.tieBreakers],
  };
}

/** The draft as the schema reads it: what is not a number stays NaN, and a time that is not one '', so the schema names the field. */
export function callOf(d: CallDraft) {
  const cents = (text: string) => readEuros(text) ?? NaN;
  return {
    name: d.name,
    description: d.description,
    budgetCents: cents(d.budget),
    opensAt: instantOf(d.opensAt),
    closesAt: instantOf(d.closesAt),
    spendingDeadline: instantOf(d.spendingDeadline),
    graceHours: whole(d.graceHours),
    rules: {
      iseeCeilingCents: cents(d.iseeCeiling),
      bands: d.bands.map((b) => ({ belowCents: cents(b.below), amountCents: cents(b.amount) })),
      per: d.per,
      minorAgeMin: whole(d.minorAgeMin),
      minorAgeMax: whole(d.minorAgeMax),
      points: {
        perDisabledMember: whole(d.points.perDisabledMember),
        perMinor: whole(d.points.perMinor),
        singleParent: whole(d.points.singleParent),
      },
      tieBreakers: d.tieBreakers,
    },
  };
}
