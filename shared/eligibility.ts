// Who a voucher call admits, for how much, and with how many priority points: the same rules on the
// server, which decides, and in the guardian's form, which previews them.
import { ageOn, isoDateIn } from './dates';
import type { CallRules, ExclusionReason } from './calls';

/** What the rules look at: the application and the household as it was when the guardian applied. */
export type ApplicantFacts = {
  resident: boolean;
  /** Null or negative when missing or unreadable: excluded, never guessed. */
  iseeCents: number | null;
  minors: { birthDate: string; disability: boolean }[];
  disabledAdults: number;
  singleParent: boolean;
};

export type Points = {
  disabledMembers: number;
  disabledPoints: number;
  minors: number;
  minorPoints: number;
  singleParent: boolean;
  singleParentPoints: number;
  total: number;
};

export type Assessment =
  { eligible: true; amountCents: number; eligibleMinors: number; points: Points } | { eligible: false; reason: ExclusionReason };

/** The voucher of an ISEE under the call's bands, or null at or above the ceiling (or not a valid ISEE). */
export function bandAmount(rules: CallRules, iseeCents: number | null): number | null {
  if (iseeCents === null || !Number.isSafeInteger(iseeCents) || iseeCents < 0 || iseeCents >= rules.iseeCeilingCents) return null;
  return rules.bands.find((b) => iseeCents < b.belowCents)?.amountCents ?? null;
}

/** The day ages are counted on: the day applications close, in the programme's time zone. */
export function referenceDay(closesAt: string | Date): string {
  return isoDateIn(new Date(closesAt));
}

/** Eligibility, the voucher's amount and the priority points of one household under a call's rules. */
export function assess(rules: CallRules, facts: ApplicantFacts, day: string): Assessment {
  if (!facts.resident) return { eligible: false, reason: 'not_resident' };
  if (facts.iseeCents === null || !Number.isSafeInteger(facts.iseeCents) || facts.iseeCents < 0)
    return { eligible: false, reason: 'isee_invalid' };
  const band = bandAmount(rules, facts.iseeCents);
  if (band === null) return { eligible: false, reason: 'isee_over_ceiling' };
  const inRange = facts.minors.filter((m) => {
    const age = ageOn(m.birthDate, day);
    return age >= rules.minorAgeMin && age <= rules.minorAgeMax;
  });
  if (inRange.length === 0) return { eligible: false, reason: 'no_minors_in_range' };
  const disabledMembers = facts.minors.filter((m) => m.disability).length + facts.disabledAdults;
  const points: Points = {
    disabledMembers,
    disabledPoints: disabledMembers * rules.points.perDisabledMember,
    minors: inRange.length,
    minorPoints: inRange.length * rules.points.perMinor,
    singleParent: facts.singleParent,
    singleParentPoints: facts.singleParent ? rules.points.singleParent : 0,
    total: 0,
  };
  points.total = points.disabledPoints + points.minorPoints + points.singleParentPoints;
  return { eligible: true, amountCents: rules.per === 'minor' ? band * inRange.length : band, eligibleMinors: inRange.length, points };
}
