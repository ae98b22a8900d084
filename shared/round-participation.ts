import * as v from 'valibot';
import { IdSchema, TrimmedText } from './validation';
import { defineMutations } from './mutation';
import { PILLARS, type Pillar, type Text } from './catalogue';
import { LOCALES } from './locale';
import { ageOn } from './dates';
import type { BallotRule, RoundCalendar, RoundPhase, RoundRules } from './micro-projects';

/**
 * Taking part in a micro-project round: young people (and families, where the round allows) propose
 * ideas in the ideas phase, and young people vote in the vote phase, one ballot each, changeable until
 * the close. Both are offline actions: made on a phone with no network, judged by the server on receipt.
 */

/**
 * What became of an idea: waiting for the hub to read it (`submitted`), published for the round's
 * co-design (`published`), taken into a project alone or merged with others (`in_project`), judged
 * not feasible, or removed by moderation (it spoke of other people, or was abusive) — the last two
 * with the hub's reason.
 */
export const IDEA_STATUSES = ['submitted', 'published', 'in_project', 'not_feasible', 'removed'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Who an idea comes from: a young person, a family, or a group (a class, an association) with an adult referent. */
export const PROPOSER_KINDS = ['youth', 'family', 'group'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];

/** The most an idea's rough cost may be: €50,000 is far above any micro-project. */
export const MAX_IDEA_COST_CENTS = 50_000_00;

export const IdeaSchema = v.pipe(
  v.object({
    /** Chosen by the device: the same idea sent twice is one idea. */
    id: IdSchema('field_idea_id'),
    roundId: IdSchema('field_round_id'),
    title: TrimmedText(3, 100, 'field_idea_title'),
    description: TrimmedText(10, 1500, 'field_idea_description'),
    forWhom: TrimmedText(2, 200, 'field_idea_for_whom'),
    place: TrimmedText(2, 200, 'field_idea_place'),
    pillar: v.picklist(PILLARS, 'field_idea_pillar'),
    cost: v.pipe(
      v.number('field_idea_cost'),
      v.safeInteger('field_idea_cost'),
      v.minValue(0, 'field_idea_cost'),
      v.maxValue(MAX_IDEA_COST_CENTS, 'field_idea_cost'),
    ),
    /** The language it is written in, so the hub reads it as written and others can translate it. */
    language: v.picklist(LOCALES, 'field_language'),
    /** Proposed for a group (a class, an association, friends) with an adult who answers for it, or for oneself. */
    group: v.optional(
      v.nullable(v.object({ name: TrimmedText(2, 100, 'field_group_name'), referent: TrimmedText(2, 100, 'field_group_referent') })),
      null,
    ),
  }),
);
export type IdeaInput = v.InferOutput<typeof IdeaSchema>;

/** A ballot: the projects approved, each once. Whether it fits the round's rules is judged with the projects' costs. */
export const BallotSchema = v.object({
  roundId: IdSchema('field_round_id'),
  projectIds: v.pipe(
    v.array(IdSchema('field_ballot_projects'), 'field_ballot_projects'),
    v.minLength(1, 'field_ballot_projects'),
    v.maxLength(50, 'field_ballot_projects'),
    v.check((ids) => new Set(ids).size === ids.length, 'field_ballot_projects'),
  ),
});
export type BallotInput = v.InferOutput<typeof BallotSchema>;

export const ROUND_MUTATIONS = defineMutations({
  'round.propose': {
    args: IdeaSchema,
    version: 1,
    roles: ['youth', 'guardian'],
    label: 'mutation_round_propose',
    refusals: ['round_not_found', 'round_phase_closed', 'round_not_eligible'],
    changes: ['rounds'],
  },
  'round.vote': {
    args: BallotSchema,
    version: 1,
    roles: ['youth'],
    label: 'mutation_round_vote',
    refusals: ['round_not_found', 'round_phase_closed', 'round_not_eligible', 'ballot_invalid'],
    changes: ['rounds'],
  },
});

/** Why a ballot does not fit the round's rules, or null when it does. */
export type BallotProblem = 'unknown_project' | 'over_budget' | 'under_min_share' | 'too_many';

/** Judges a ballot against the round's rule and the projects on the ballot (id → cost in cents). */
export function ballotProblem(
  rule: BallotRule,
  budget: number,
  costs: ReadonlyMap<string, number>,
  ids: readonly string[],
): BallotProblem | null {
  if (ids.some((id) => !costs.has(id))) return 'unknown_project';
  if (rule.kind === 'approval') return ids.length > rule.maxProjects ? 'too_many' : null;
  const total = ids.reduce((sum, id) => sum + costs.get(id)!, 0);
  if (total > budget) return 'over_budget';
  // The least share, in whole cents, rounded up: "at least half of €1,001" is €500.50.
  if (total < Math.ceil((budget * rule.minSharePercent) / 100)) return 'under_min_share';
  return null;
}

/** Who may take part in a round, as the server finds them. */
export type Participant = {
  role: 'youth' | 'guardian';
  /** A youth's birth date (from their household's record); null for a guardian. */
  birthDate: string | null;
  /** Where the person's household lives. */
  municipio: number | null;
};

/** Why someone may not take part, or null when they may. */
export type NotEligible = 'age' | 'area' | 'families';

/**
 * Whether a person may propose (`propose`) or vote in a round: young people of the round's ages on the
 * day the vote opens, from the hub's municipio when the round says so; guardians may propose only
 * where the round lets families, and never vote (the vote is the young people's).
 */
export function eligibility(
  person: Participant,
  round: { rules: RoundRules; calendar: RoundCalendar; hubMunicipio: number },
  action: 'propose' | 'vote',
): NotEligible | null {
  const { rules } = round;
  if (rules.area === 'municipio' && person.municipio !== round.hubMunicipio) return 'area';
  if (person.role === 'guardian') return action === 'propose' && rules.families ? null : 'families';
  if (!person.birthDate) return 'age';
  const age = ageOn(person.birthDate, round.calendar.voteFrom);
  return age < rules.minAge || age > rules.maxAge ? 'age' : null;
}

/** A project on a round's ballot, as young people read it. */
export type BallotProject = {
  id: string;
  title: Text;
  description: Text;
  pillar: Pillar;
  cost: number;
  place: string;
  /** Who carries it out: a provider from the catalogue or a group. */
  carriedBy: string;
};

/** An idea as its proposer follows it: what became of it and why. */
export type MyIdea = {
  id: string;
  title: string;
  status: IdeaStatus;
  /** The hub's words: why it was not feasible, or removed (nothing about other people, nothing abusive). */
  reason: string;
  /** The project it went into, when it did (alone or merged with others). */
  project: { id: string; title: Text; merged: boolean } | null;
  createdAt: string;
};

/** A round as a young person (or a family) follows it on their phone: the `rounds` entity holds these. */
export type MyRound = {
  id: string;
  hubName: string;
  title: Text;
  description: Text;
  budget: number;
  calendar: RoundCalendar;
  phase: RoundPhase;
  ballot: BallotRule;
  method: RoundRules['method'];
  /** Why the person may not propose or vote here, or null. */
  mayPropose: NotEligible | null;
  mayVote: NotEligible | null;
  projects: BallotProject[];
  ideas: MyIdea[];
  /** The person's ballot while the vote is open (only they see it); null before they vote and after the count. */
  myBallot: string[] | null;
};

export type RoundsSnapshot = { rounds: MyRound[] };
