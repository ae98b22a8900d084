// Voucher calls: a public call, applications by households, a spending deadline and what devices are
// sent. Who is eligible and for how much is in eligibility.ts; the ranking and the allocation in
// ranking.ts. Everything here is pure: the server applies these rules, the guardian's form previews them.
import * as v from 'valibot';
import { isValidIsoDate } from './dates';
import { IdSchema } from './validation';
import { textByLanguage } from './offer';
import type { Text } from './catalogue';
import type { Municipio } from './municipi';
import { defineMutations } from './mutation';
import type { Points } from './eligibility';

/** open → closed → ranked → published → allocated → expired (after the spending deadline's sweep). */
export const CALL_STATUSES = ['open', 'closed', 'ranked', 'published', 'allocated', 'expired'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const APPLICATION_STATUSES = ['submitted', 'eligible', 'excluded', 'funded', 'waiting', 'declined', 'revoked'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Why an application is out of the ranking: the rules' reasons, or the city's review (`manual`). */
export const EXCLUSION_REASONS = ['not_resident', 'isee_invalid', 'isee_over_ceiling', 'no_minors_in_range', 'manual'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** What breaks a tie in points, in the order the call lists them; the application code breaks the last tie. */
export const TIE_BREAKERS = ['isee_lower', 'more_minors', 'earlier_submission'] as const;
export type TieBreaker = (typeof TIE_BREAKERS)[number];

export const PER = ['household', 'minor'] as const;
export type Per = (typeof PER)[number];

/** An ISEE band: everything below `belowCents` (and at or above the band before) gets `amountCents`. */
export type Band = { belowCents: number; amountCents: number };

export type CallRules = {
  /** Households with an ISEE at or above this are not eligible ("under EUR 27,000"). */
  iseeCeilingCents: number;
  /** Ascending by `belowCents`; the last band reaches the ceiling. */
  bands: Band[];
  per: Per;
  /** Minors count when their age on the day applications close is within this range. */
  minorAgeMin: number;
  minorAgeMax: number;
  points: { perDisabledMember: number; perMinor: number; singleParent: number };
  tieBreakers: TieBreaker[];
};

/** Milan's programme: under 10,000 → 400; then 300 and 200 (configurable); 22,000-27,000 → 100. */
export const DEFAULT_RULES: CallRules = {
  iseeCeilingCents: 27_000_00,
  bands: [
    { belowCents: 10_000_00, amountCents: 400_00 },
    { belowCents: 16_000_00, amountCents: 300_00 },
    { belowCents: 22_000_00, amountCents: 200_00 },
    { belowCents: 27_000_00, amountCents: 100_00 },
  ],
  per: 'household',
  minorAgeMin: 0,
  minorAgeMax: 17,
  points: { perDisabledMember: 10, perMinor: 2, singleParent: 5 },
  tieBreakers: ['isee_lower', 'more_minors', 'earlier_submission'],
};

export const integer = (min: number, max: number, message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
/** An instant on a real calendar day in a plausible year (valibot's ISO check lets 30 February through). */
export const instant = (message: string) =>
  v.pipe(
    v.string(message),
    v.isoTimestamp(message),
    v.check(
      (s) =>
        isValidIsoDate(s.slice(0, 10)) && Number(s.slice(0, 4)) >= 2000 && Number(s.slice(0, 4)) <= 2100 && Number.isFinite(Date.parse(s)),
      message,
    ),
  );

/** The most an ISEE can be typed as: beyond it, a slip of the keyboard is likelier. */
export const MAX_ISEE_CENTS = 1_000_000_00;

export const CallRulesSchema = v.pipe(
  v.object(
    {
      iseeCeilingCents: integer(1, MAX_ISEE_CENTS, 'field_isee_ceiling'),
      bands: v.pipe(
        v.array(
          v.object(
            { belowCents: integer(1, MAX_ISEE_CENTS, 'field_bands'), amountCents: integer(1, 5_000_00, 'field_bands') },
            'field_bands',
          ),
          'field_bands',
        ),
        v.minLength(1, 'field_bands'),
        v.maxLength(10, 'field_bands'),
        v.check((bands) => bands.every((b, i) => i === 0 || b.belowCents > bands[i - 1].belowCents), 'field_bands'),
      ),
      per: v.picklist(PER, 'field_per'),
      minorAgeMin: integer(0, 17, 'field_minor_age'),
      minorAgeMax: integer(0, 17, 'field_minor_age'),
      points: v.object(
        {
          perDisabledMember: integer(0, 100, 'field_points'),
          perMinor: integer(0, 100, 'field_points'),
          singleParent: integer(0, 100, 'field_points'),
        },
        'field_points',
      ),
      tieBreakers: v.pipe(
        v.array(v.picklist(TIE_BREAKERS, 'field_tie_breakers'), 'field_tie_breakers'),
        v.check((t) => new Set(t).size === t.length, 'field_tie_breakers'),
      ),
    },
    'field_rules',
  ),
  v.forward(
    v.check((r) => r.minorAgeMax >= r.minorAgeMin, 'field_minor_age'),
    ['minorAgeMax'],
  ),
  // Every eligible ISEE must fall in a band. Checks run even after a length issue, so no bands is
  // left to `field_bands` rather than read past the end of the array.
  v.forward(
    v.check((r) => r.bands.length === 0 || r.bands[r.bands.length - 1].belowCents >= r.iseeCeilingCents, 'field_bands_cover'),
    ['bands'],
  ),
);

/** The most a single call may hand out: EUR 100 million is far above any city's programme. */
export const MAX_BUDGET_CENTS = 100_000_000_00;

export const CallInputSchema = v.pipe(
  v.object({
    name: textByLanguage(3, 120, 'field_call_name'),
    description: textByLanguage(10, 4000, 'field_call_description'),
    budgetCents: integer(1, MAX_BUDGET_CENTS, 'field_budget'),
    opensAt: instant('field_opens_at'),
    closesAt: instant('field_closes_at'),
    spendingDeadline: instant('field_spending_deadline'),
    /** How long after a deadline an offline action made before it still counts. */
    graceHours: integer(0, 168, 'field_grace_hours'),
    rules: CallRulesSchema,
  }),
  v.forward(
    v.check((c) => Date.parse(c.closesAt) > Date.parse(c.opensAt), 'field_closes_at'),
    ['closesAt'],
  ),
  v.forward(
    v.check((c) => Date.parse(c.spendingDeadline) > Date.parse(c.closesAt), 'field_spending_deadline'),
    ['spendingDeadline'],
  ),
);
export type CallInput = v.InferOutput<typeof CallInputSchema>;

/** A DSU protocol number as INPS prints it on the ISEE certificate: INPS-ISEE-2026-12345678A-00. */
export const DSU_PATTERN = /^INPS-ISEE-\d{4}-\d{8}[A-Z]-\d{2}$/;

/**
 * A guardian's application (the `call.apply` mutation). The household's members come from its
 * profile on the server, never from here; a field the form does not have (a band, an amount) is refused.
 */
export const ApplySchema = v.strictObject(
  {
    id: IdSchema('field_application_id'),
    callId: IdSchema('field_call_id'),
    householdId: IdSchema('field_household_id'),
    resident: v.literal(true, 'field_resident'),
    iseeCents: integer(0, MAX_ISEE_CENTS, 'field_isee'),
    dsu: v.pipe(v.string('field_dsu'), v.trim(), v.toUpperCase(), v.regex(DSU_PATTERN, 'field_dsu')),
    singleParent: v.boolean('field_single_parent'),
    /** Adults of the household with a recognised disability (minors' flags come from the profile). */
    disabledAdults: integer(0, 10, 'field_disabled_adults'),
    consent: v.literal(true, 'field_consent'),
  },
  'field_unknown',
);
export type ApplyInput = v.InferOutput<typeof ApplySchema>;

export const DeclineSchema = v.strictObject({ applicationId: IdSchema('field_application_id') }, 'field_unknown');

/** The city's review of one application before publication, or a revocation after it. */
export const ReviewSchema = v.object({
  reason: v.pipe(v.string('field_review_reason'), v.trim(), v.minLength(5, 'field_review_reason'), v.maxLength(500, 'field_review_reason')),
});
/** The end of a call's window for late arrivals: a deadline plus the call's grace for offline actions. */
export const withGrace = (at: string | Date, call: { graceHours: number }) =>
  new Date(new Date(at).getTime() + call.graceHours * 3_600_000);

/** Which in-app reminder a voucher's deadline calls for: 30, 7 and 1 day before it. */
export const REMINDER_DAYS = [30, 7, 1] as const;
export function reminderDue(deadline: Date, now: Date): (typeof REMINDER_DAYS)[number] | null {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return null;
  const days = ms / 86_400_000;
  return [...REMINDER_DAYS].reverse().find((d) => days <= d) ?? null;
}

/** A pseudonymous application code (no names in a published ranking): 8 letters and digits, no look-alikes. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function applicationCode(random: Uint8Array): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[random[i] % CODE_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A call as the city and families read it. */
export type Call = {
  id: string;
  name: Text;
  description: Text;
  status: CallStatus;
  budgetCents: number;
  opensAt: string;
  closesAt: string;
  spendingDeadline: string;
  graceHours: number;
  rules: CallRules;
  createdAt: string;
  /** When the ranking was published, once it is. */
  publishedAt: string | null;
};

/** A household's own application, as the guardian follows it. */
export type MyApplication = {
  id: string;
  callId: string;
  code: string;
  status: ApplicationStatus;
  exclusion: ExclusionReason | null;
  /** The city's words when it excluded or revoked by hand. */
  note: string;
  submittedAt: string;
  iseeCents: number;
  dsu: string;
  singleParent: boolean;
  disabledAdults: number;
  /** Shown once the ranking is published. */
  rank: number | null;
  points: Points | null;
  amountCents: number | null;
  /** Place on the waiting list (1 is next), while waiting. */
  waitingPosition: number | null;
  /** The voucher, once funded: what is left and the spending deadline. */
  voucher: { available: number; spent: number; held: number; deadline: string } | null;
};

export type FamilyCall = Call & { application: MyApplication | null };

/** One line of a published ranking: a pseudonymous code, never a name. */
/**
 * One line of a published ranking, for anyone to read: a pseudonymous code, the place, the total points
 * and the amount — never a name, an ISEE or what the points are made of (a disability is health data,
 * a single parent is family data), and never whether a voucher was declined or revoked.
 */
export type RankingLine = {
  code: string;
  rank: number;
  points: number;
  amountCents: number;
  /** Funded or waiting once vouchers are allocated; null before, or when the household's voucher ended. */
  status: 'funded' | 'waiting' | null;
};

/** One line as the city reviews it: also the municipio, the exclusion reason and the application id. */
export type ReviewLine = {
  applicationId: string;
  code: string;
  municipio: Municipio;
  status: ApplicationStatus;
  exclusion: ExclusionReason | null;
  note: string;
  rank: number | null;
  points: Points | null;
  iseeCents: number;
  minors: number;
  amountCents: number | null;
  submittedAt: string;
};

export const REVIEW_FILTERS = ['all', 'eligible', 'excluded', 'funded', 'waiting'] as const;
export const ReviewQuerySchema = v.object({
  filter: v.optional(v.picklist(REVIEW_FILTERS, 'field_filter'), 'all'),
  page: v.optional(v.pipe(v.string('field_page'), v.regex(/^\d{1,6}$/, 'field_page'), v.transform(Number)), '0'),
});
export const RANKING_PAGE = 100;

export type CallFigures = {
  applications: number;
  eligible: number;
  excluded: number;
  funded: number;
  waiting: number;
  declined: number;
  revoked: number;
  allocatedCents: number;
  spentCents: number;
  heldCents: number;
  expiredCents: number;
  availableCents: number;
};

/** The call's dashboard: its figures overall and by municipio, and whether the money reconciles. */
export type CallDashboard = CallFigures & {
  budgetCents: number;
  unallocatedCents: number;
  byMunicipio: (CallFigures & { municipio: Municipio })[];
  /** budget = allocated + unallocated, and allocated = spent + held + expired + available, to the cent. */
  reconciled: boolean;
};

/** The expiry sweep's report. */
export type SweepReport = { vouchers: number; returnedCents: number; batches: number };

/** A guardian's application to a voucher call, and declining a voucher: made offline too. */
export const CALL_MUTATIONS = defineMutations({
  'call.apply': {
    args: ApplySchema,
    version: 1,
    roles: ['guardian'],
    label: 'mutation_call_apply',
    refusals: ['call_not_found', 'call_not_open', 'call_closed', 'application_exists'],
    changes: [],
  },
  'call.decline': {
    args: DeclineSchema,
    version: 1,
    roles: ['guardian'],
    label: 'mutation_call_decline',
    refusals: ['application_not_found', 'voucher_in_use'],
    changes: [],
  },
});
