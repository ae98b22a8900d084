import * as v from 'valibot';
import { isValidIsoDate } from './dates';
import { textByLanguage } from './offer';
import { PILLARS, type Pillar, type Text } from './catalogue';
import { IdSchema, TrimmedText } from './validation';
import type { IdeaStatus } from './round-participation';
import { COUNTING_METHODS, type CountingMethod, type CountResult } from './vote-count';

/**
 * The collective half of the programme: each hub's budget for micro-projects, which the city funds
 * through the ledger, and the rounds in which young people propose, co-design and vote on how to
 * spend it.
 */

/** Where the money of a hub's budget comes from, as the city's accounts must say. */
export const FUNDING_SOURCES = ['eu_fund', 'national_childhood_fund', 'city'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** The most one funding may bring: €10 million is far above any hub's year. */
export const MAX_HUB_FUNDING_CENTS = 10_000_000_00;

/** The city puts money into a hub's budget. `id` is chosen by the form and makes a second click harmless. */
export const HubFundingSchema = v.object({
  id: v.pipe(v.string('field_transfer_id'), v.uuid('field_transfer_id'), v.toLowerCase()),
  amount: v.pipe(
    v.number('field_amount'),
    v.safeInteger('field_amount'),
    v.minValue(1, 'field_amount'),
    v.maxValue(MAX_HUB_FUNDING_CENTS, 'field_amount'),
  ),
  source: v.picklist(FUNDING_SOURCES, 'field_funding_source'),
  note: v.optional(v.pipe(v.string('field_funding_note'), v.trim(), v.maxLength(200, 'field_funding_note')), ''),
});
export type HubFundingInput = v.InferOutput<typeof HubFundingSchema>;

export type HubFunding = { id: string; amount: number; source: FundingSource; note: string; at: string; by: string };

/**
 * A hub's budget in cents, as its ledger account holds it: `funded` is everything the city put in;
 * `committed` is held for winning projects and not yet paid; `paid` has gone to providers and groups;
 * `available` is what a new round can still plan on. funded = available + committed + paid, always.
 */
export type HubBudget = { funded: number; committed: number; paid: number; available: number };

/** A round's budget that it plans to spend and does not hold yet (its winners not funded, the round not closed). */
export type PlannedRound = { roundId: string; budget: number };

/** A round's phases, in order; `upcoming` before its ideas open. */
export const ROUND_PHASES = ['upcoming', 'ideas', 'codesign', 'vote', 'results', 'delivery', 'closed'] as const;
export type RoundPhase = (typeof ROUND_PHASES)[number];

/** The days each phase begins (YYYY-MM-DD, on Milan's calendar): each later than the one before. */
export type RoundCalendar = {
  ideasFrom: string;
  codesignFrom: string;
  voteFrom: string;
  resultsFrom: string;
  deliveryFrom: string;
  closedFrom: string;
};
const CALENDAR_KEYS = ['ideasFrom', 'codesignFrom', 'voteFrom', 'resultsFrom', 'deliveryFrom', 'closedFrom'] as const;

/** How a young person votes: a basket of projects within the budget (spending at least a share of it), or approval of up to N. */
export type BallotRule = { kind: 'basket'; minSharePercent: number } | { kind: 'approval'; maxProjects: number };

export type RoundRules = {
  /** Who may propose and vote: young people of these ages on the day the vote opens… */
  minAge: number;
  maxAge: number;
  /** …living in the hub's municipio, or anywhere in the city. */
  area: 'municipio' | 'city';
  /** Whether guardians may propose ideas too (the vote is the young people's). */
  families: boolean;
  ballot: BallotRule;
  method: CountingMethod;
  /** The least number of votes a winner needs. */
  minVotes: number;
  /** How long after the vote closes a ballot cast offline before it still counts. */
  graceHours: number;
};

/** The programme's defaults: young people of 11-17 from the hub's municipio, equal shares, a basket spending at least half. */
export const DEFAULT_ROUND_RULES: RoundRules = {
  minAge: 11,
  maxAge: 17,
  area: 'municipio',
  families: false,
  ballot: { kind: 'basket', minSharePercent: 50 },
  method: 'equal_shares',
  minVotes: 5,
  graceHours: 48,
};

const integer = (min: number, max: number, message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
const day = (message: string) => v.pipe(v.string(message), v.check(isValidIsoDate, message));

export const BallotRuleSchema = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('basket'), minSharePercent: integer(0, 100, 'field_min_share') }),
    v.object({ kind: v.literal('approval'), maxProjects: integer(1, 20, 'field_max_projects') }),
  ],
  'field_ballot',
);

export const RoundRulesSchema = v.pipe(
  v.object(
    {
      minAge: integer(6, 17, 'field_round_ages'),
      maxAge: integer(6, 17, 'field_round_ages'),
      area: v.picklist(['municipio', 'city'], 'field_round_area'),
      families: v.boolean('field_round_families'),
      ballot: BallotRuleSchema,
      method: v.picklist(COUNTING_METHODS, 'field_counting_method'),
      minVotes: integer(1, 10_000, 'field_min_votes'),
      graceHours: integer(0, 168, 'field_grace_hours'),
    },
    'field_rules',
  ),
  v.forward(
    v.check((r) => r.maxAge >= r.minAge, 'field_round_ages'),
    ['maxAge'],
  ),
);

/** The most a round may plan to spend: a hub's budget is far below it. */
export const MAX_ROUND_BUDGET_CENTS = 10_000_000_00;

export const RoundInputSchema = v.pipe(
  v.object({
    title: textByLanguage(3, 120, 'field_round_title'),
    description: textByLanguage(10, 2000, 'field_round_description'),
    budget: integer(1, MAX_ROUND_BUDGET_CENTS, 'field_budget'),
    calendar: v.object(
      Object.fromEntries(CALENDAR_KEYS.map((key) => [key, day('field_round_calendar')])) as Record<
        keyof RoundCalendar,
        ReturnType<typeof day>
      >,
    ),
    rules: RoundRulesSchema,
  }),
  v.forward(
    v.check((r) => calendarInOrder(r.calendar), 'field_round_calendar'),
    ['calendar'],
  ),
);
export type RoundInput = v.InferOutput<typeof RoundInputSchema>;

export type Round = {
  id: string;
  hubId: string;
  hubName: string;
  title: Text;
  description: Text;
  budget: number;
  calendar: RoundCalendar;
  rules: RoundRules;
  phase: RoundPhase;
  createdAt: string;
};

/** Each phase begins after the one before it. */
export function calendarInOrder(calendar: RoundCalendar): boolean {
  return CALENDAR_KEYS.every((key, i) => i === 0 || calendar[CALENDAR_KEYS[i - 1]] < calendar[key]);
}

/** The phase a round is in on a day (YYYY-MM-DD, Milan's): each begins at the start of its day. */
export function roundPhase(calendar: RoundCalendar, today: string): RoundPhase {
  if (today < calendar.ideasFrom) return 'upcoming';
  if (today < calendar.codesignFrom) return 'ideas';
  if (today < calendar.voteFrom) return 'codesign';
  if (today < calendar.resultsFrom) return 'vote';
  if (today < calendar.deliveryFrom) return 'results';
  if (today < calendar.closedFrom) return 'delivery';
  return 'closed';
}

/**
 * Which days of a round's calendar may still change on `today`: a phase that has begun keeps its
 * start (moving it would reopen or cut short what people are doing), so only the days still ahead move.
 */
export function calendarChangeAllowed(before: RoundCalendar, after: RoundCalendar, today: string): boolean {
  return CALENDAR_KEYS.every((key) => before[key] === after[key] || (before[key] > today && after[key] > today));
}

/** Whether a round's budget fits what the hub has available less what its other rounds plan without holding it yet. */
export function budgetFits(budget: number, hub: HubBudget, plannedByOtherRounds: number): boolean {
  return budget <= hub.available - plannedByOtherRounds;
}

/** One step of a project's delivery, paid when the hub confirms it was done. */
export type Milestone = { title: string; amount: number };

/** The most milestones a project may have: a micro-project is small. */
export const MAX_MILESTONES = 6;

/**
 * A project as the hub shapes it in co-design, from one idea or several merged: who carries it out (a
 * provider from the catalogue, or a group), what it costs and in which steps it is paid, how many
 * young people it should reach, and where.
 */
export const ProjectInputSchema = v.pipe(
  v.object({
    title: textByLanguage(3, 120, 'field_project_title'),
    description: textByLanguage(10, 2000, 'field_project_description'),
    pillar: v.picklist(PILLARS, 'field_idea_pillar'),
    cost: integer(1, MAX_ROUND_BUDGET_CENTS, 'field_project_cost'),
    place: TrimmedText(2, 200, 'field_idea_place'),
    carriedBy: v.variant(
      'kind',
      [
        v.object({ kind: v.literal('provider'), providerId: IdSchema('field_provider_id') }),
        v.object({ kind: v.literal('group'), name: TrimmedText(2, 120, 'field_group_name') }),
      ],
      'field_carried_by',
    ),
    beneficiaries: integer(1, 100_000, 'field_beneficiaries'),
    milestones: v.pipe(
      v.array(v.object({ title: TrimmedText(2, 120, 'field_milestones'), amount: integer(1, MAX_ROUND_BUDGET_CENTS, 'field_milestones') })),
      v.minLength(1, 'field_milestones'),
      v.maxLength(MAX_MILESTONES, 'field_milestones'),
    ),
    /** The ideas it comes from (merged, when several). */
    ideaIds: v.pipe(v.array(IdSchema('field_idea_id')), v.maxLength(20, 'field_idea_id')),
  }),
  v.forward(
    v.check((p) => p.milestones.reduce((sum, m) => sum + m.amount, 0) === p.cost, 'field_milestones_sum'),
    ['milestones'],
  ),
);
export type ProjectInput = v.InferOutput<typeof ProjectInputSchema>;

/** A project of a round, as the hub manages it. */
export type Project = {
  id: string;
  roundId: string;
  title: Text;
  description: Text;
  pillar: Pillar;
  cost: number;
  place: string;
  carriedBy: { kind: 'provider'; providerId: string; name: string } | { kind: 'group'; name: string };
  /** The young people it means to reach, and those it has: unique young people attending its activities (the hub's events for it). */
  beneficiaries: number;
  reached: number;
  milestones: Milestone[];
  ideaIds: string[];
  withdrawn: boolean;
  /** Once the hub funded it (a winner): each milestone held on the hub's budget, and which were confirmed and paid. */
  delivery: ProjectDelivery | null;
};

export type ProjectDelivery = {
  fundedAt: string;
  /** When it ended: what was not paid went back to the hub's budget. */
  closedAt: string | null;
  milestones: { title: string; amount: number; confirmedAt: string | null; report: string }[];
};

/** The hub confirms a milestone was done, in a few words everyone can read. */
export const MilestoneReportSchema = v.object({ report: TrimmedText(10, 1000, 'field_milestone_report') });

/** What a project's delivery has paid and still holds, in cents (nothing held once it has ended). */
export function deliveryTotals(delivery: ProjectDelivery): { paid: number; held: number; returned: number } {
  let paid = 0;
  let open = 0;
  for (const m of delivery.milestones) {
    if (m.confirmedAt) paid += m.amount;
    else open += m.amount;
  }
  return delivery.closedAt ? { paid, held: 0, returned: open } : { paid, held: open, returned: 0 };
}

/** The hub decides on an idea: published for co-design, not feasible (with why), or removed by moderation (with why). */
export const IdeaDecisionSchema = v.pipe(
  v.object({
    status: v.picklist(['published', 'not_feasible', 'removed'], 'field_idea_decision'),
    reason: v.optional(v.pipe(v.string('field_idea_reason'), v.trim(), v.maxLength(500, 'field_idea_reason')), ''),
  }),
  v.forward(
    v.check((d) => d.status === 'published' || d.reason.length >= 5, 'field_idea_reason'),
    ['reason'],
  ),
);
export type IdeaDecision = v.InferOutput<typeof IdeaDecisionSchema>;

/** An idea as the hub reads it: what, for whom, where, who proposed it, and what became of it. */
export type HubIdea = {
  id: string;
  title: string;
  description: string;
  forWhom: string;
  place: string;
  pillar: Pillar;
  cost: number;
  language: string;
  proposer: 'youth' | 'family' | 'group';
  authorName: string;
  group: { name: string; referent: string } | null;
  atKiosk: boolean;
  status: IdeaStatus;
  reason: string;
  projectId: string | null;
  createdAt: string;
};

/** A round's results as anyone reads them: the projects, how many voted, and the count (null until it is made, at `countsAt`). */
export type RoundResults = {
  round: Round;
  projects: Project[];
  /** Ideas proposed (not those removed), people at its co-design meetings, and voters. */
  ideas: number;
  codesign: number;
  voters: number;
  count: CountResult | null;
  countsAt: string;
};
