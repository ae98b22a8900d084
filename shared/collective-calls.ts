// The collective voucher call: schools, associations and informal groups (each with an adult referent)
// apply for a voucher for a group of minors with a project; the city scores each application against
// the call's criteria, ranks them and funds them in rank order within the call's budget, through the
// ledger. Shared by the server, which decides, and the pages, which check as people type.
import * as v from 'valibot';
import { PILLARS, type Pillar, type Text } from './catalogue';
import { textByLanguage } from './offer';
import { EmailSchema } from './account';
import { IdSchema, TrimmedText } from './validation';
import { MunicipioSchema } from './municipi';
import { LOCALES } from './locale';
import { instant, integer, MAX_BUDGET_CENTS } from './calls';

/** Who may apply: a school (a class), an association, or an informal group with an adult referent. */
export const APPLICANT_KINDS = ['school', 'association', 'group'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/**
 * What the city scores each application on, 0 to 10 each (our criteria, in the spirit of the
 * programme's call: a project worth doing, that reaches young people who need it, open to all of them).
 */
export const CRITERIA = ['quality', 'need', 'inclusion'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const MAX_SCORE = 10;

/** The most minors one application may be for: a school's whole year, our figure. */
export const MAX_GROUP = 300;

export const CollectiveCallInputSchema = v.pipe(
  v.object({
    name: textByLanguage(3, 120, 'field_call_name'),
    description: textByLanguage(10, 4000, 'field_call_description'),
    budgetCents: integer(1, MAX_BUDGET_CENTS, 'field_budget'),
    /** The most one application may ask for. */
    maxAmountCents: integer(1, MAX_BUDGET_CENTS, 'field_max_amount'),
    opensAt: instant('field_opens_at'),
    closesAt: instant('field_closes_at'),
  }),
  v.forward(
    v.check((c) => Date.parse(c.closesAt) > Date.parse(c.opensAt), 'field_closes_at'),
    ['closesAt'],
  ),
  v.forward(
    v.check((c) => c.maxAmountCents <= c.budgetCents, 'field_max_amount'),
    ['maxAmountCents'],
  ),
);
export type CollectiveCallInput = v.InferOutput<typeof CollectiveCallInputSchema>;

const age = integer(3, 17, 'field_group_ages');

/** An application, its id made on the applicant's device (sent twice, it is one application). */
export const CollectiveApplySchema = v.pipe(
  v.strictObject(
    {
      id: IdSchema('field_application_id'),
      applicant: v.strictObject({
        kind: v.picklist(APPLICANT_KINDS, 'field_applicant_kind'),
        name: TrimmedText(2, 160, 'field_applicant_name'),
        referent: TrimmedText(3, 120, 'field_referent'),
        email: EmailSchema,
      }),
      minors: integer(1, MAX_GROUP, 'field_group_minors'),
      ageMin: age,
      ageMax: age,
      municipio: MunicipioSchema,
      project: v.strictObject({
        title: TrimmedText(3, 120, 'field_project_title'),
        description: TrimmedText(20, 3000, 'field_project_description'),
        pillar: v.picklist(PILLARS, 'field_project_pillar'),
        place: TrimmedText(3, 200, 'field_project_place'),
      }),
      amountCents: integer(1, MAX_BUDGET_CENTS, 'field_amount'),
      language: v.picklist(LOCALES, 'field_language'),
    },
    'field_unknown',
  ),
  v.forward(
    v.check((a) => a.ageMin <= a.ageMax, 'field_group_ages'),
    ['ageMax'],
  ),
);
export type CollectiveApplyInput = v.InferOutput<typeof CollectiveApplySchema>;

const score = integer(0, MAX_SCORE, 'field_score');

/** The city's review: scores on each criterion, or the application excluded with a reason the applicant reads. */
export const CollectiveReviewSchema = v.variant(
  'decision',
  [
    v.strictObject({ decision: v.literal('score'), scores: v.strictObject({ quality: score, need: score, inclusion: score }) }),
    v.strictObject({ decision: v.literal('exclude'), reason: TrimmedText(5, 500, 'field_exclusion_reason') }),
  ],
  'field_decision',
);
export type CollectiveReview = v.InferOutput<typeof CollectiveReviewSchema>;
export type Scores = Record<Criterion, number>;

export const COLLECTIVE_STATUSES = ['submitted', 'scored', 'excluded', 'funded', 'waiting'] as const;
export type CollectiveStatus = (typeof COLLECTIVE_STATUSES)[number];

export type CollectiveCall = {
  id: string;
  name: Text;
  description: Text;
  budgetCents: number;
  maxAmountCents: number;
  opensAt: string;
  closesAt: string;
  /** When the city ranked and funded it; null until then. */
  allocatedAt: string | null;
};

/** An application as the city reviews it. */
export type CollectiveApplication = {
  id: string;
  code: string;
  applicant: { kind: ApplicantKind; name: string; referent: string; email: string };
  minors: number;
  ageMin: number;
  ageMax: number;
  municipio: number;
  project: { title: string; description: string; pillar: Pillar; place: string };
  amountCents: number;
  language: string;
  submittedAt: string;
  status: CollectiveStatus;
  scores: Scores | null;
  points: number | null;
  reason: string;
  rank: number | null;
};

/** What the applicant reads with their code: where their application stands, and why. */
export type CollectiveApplicationStatus = {
  code: string;
  callName: Text;
  projectTitle: string;
  amountCents: number;
  status: CollectiveStatus;
  points: number | null;
  rank: number | null;
  reason: string;
};

export const pointsOf = (scores: Scores): number => CRITERIA.reduce((sum, c) => sum + scores[c], 0);

/** What the ranking orders by. */
export type CollectiveRankable = { code: string; points: number; minors: number; submittedAt: string };

/**
 * Most points first; then the larger group (more young people reached); then the earlier application;
 * then the code, so no two ever tie. Numbered from 1.
 */
export function rankCollective<T extends CollectiveRankable>(lines: readonly T[]): (T & { rank: number })[] {
  return [...lines]
    .sort(
      (a, b) =>
        b.points - a.points ||
        b.minors - a.minors ||
        Date.parse(a.submittedAt) - Date.parse(b.submittedAt) ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    )
    .map((line, i) => ({ ...line, rank: i + 1 }));
}
