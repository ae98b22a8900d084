// Missions: curated challenges made of steps, and how what a youth did (check-ins, bookings, poll
// answers) does each step. Shared by the server, which decides, and the app, which shows a step done
// offline at once.
import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import { textByLanguage } from './offer';
import type { Text } from './catalogue';
import { IdSchema } from './validation';
import { ageOn, isoDateIn, isValidIsoDate } from './dates';
import type { CheckinPurpose, PlaceKind } from './checkin';
import { BADGE_KEYS } from './badges';

export const STEP_KINDS = ['checkin', 'new_category', 'booking', 'project', 'idea', 'vote', 'poll'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const optionalId = (message: string) => v.optional(v.nullable(IdSchema(message)), null);
const optionalCategory = v.optional(v.nullable(v.picklist(CATEGORIES, 'field_category')), null);

export const StepSchema = v.variant(
  'kind',
  [
    /** Check in at a hub or an activity (any place when neither is named). */
    v.strictObject({ kind: v.literal('checkin'), hubId: optionalId('field_hub'), offerId: optionalId('field_offer') }),
    /** Go to an activity of a category never tried before (optionally, that category). */
    v.strictObject({ kind: v.literal('new_category'), category: optionalCategory }),
    /** Complete a booking: the activity's provider scanned it. */
    v.strictObject({ kind: v.literal('booking'), category: optionalCategory }),
    /** Join a hub micro-project: check in at a project meeting (a project code, shown by the hub), or attend a co-design meeting. */
    v.strictObject({ kind: v.literal('project'), hubId: optionalId('field_hub') }),
    /** Propose an idea in a hub's micro-project round (an idea the hub removed does not count). */
    v.strictObject({ kind: v.literal('idea'), hubId: optionalId('field_hub') }),
    /** Vote in a hub's micro-project round. */
    v.strictObject({ kind: v.literal('vote'), hubId: optionalId('field_hub') }),
    /** Answer a short poll; the answer is anonymous to providers. */
    v.strictObject({
      kind: v.literal('poll'),
      question: textByLanguage(3, 200, 'field_poll_question'),
      options: v.pipe(
        v.array(textByLanguage(1, 80, 'field_poll_option'), 'field_poll_option'),
        v.minLength(2, 'field_poll_option'),
        v.maxLength(6, 'field_poll_option'),
      ),
    }),
  ],
  'field_step',
);
export type StepInput = v.InferOutput<typeof StepSchema>;
/** A step as kept and sent: a poll's texts only in the languages written. */
export type Step = Exclude<StepInput, { kind: 'poll' }> | { kind: 'poll'; question: Text; options: Text[] };

export const MIN_AGE = 11;
export const MAX_AGE = 18;
export const MAX_STEPS = 6;
export const MAX_REWARD = 500;

const ageField = v.pipe(v.number('field_age'), v.integer('field_age'), v.minValue(MIN_AGE, 'field_age'), v.maxValue(MAX_AGE, 'field_age'));

export const MissionInputSchema = v.pipe(
  v.strictObject({
    title: textByLanguage(3, 80, 'field_title'),
    story: textByLanguage(10, 1000, 'field_story'),
    ageMin: ageField,
    ageMax: ageField,
    startsOn: v.pipe(v.string('field_starts_on'), v.check(isValidIsoDate, 'field_starts_on')),
    endsOn: v.pipe(v.string('field_ends_on'), v.check(isValidIsoDate, 'field_ends_on')),
    steps: v.pipe(v.array(StepSchema, 'field_step'), v.minLength(1, 'field_step'), v.maxLength(MAX_STEPS, 'field_step')),
    reward: v.pipe(
      v.number('field_reward'),
      v.integer('field_reward'),
      v.minValue(0, 'field_reward'),
      v.maxValue(MAX_REWARD, 'field_reward'),
    ),
    badge: v.optional(v.nullable(v.picklist(BADGE_KEYS, 'field_badge')), null),
  }),
  v.forward(
    v.check((m) => m.ageMin <= m.ageMax, 'field_age'),
    ['ageMax'],
  ),
  v.forward(
    v.check((m) => m.startsOn <= m.endsOn, 'field_ends_on'),
    ['endsOn'],
  ),
);
export type MissionInput = v.InferOutput<typeof MissionInputSchema>;

/** A mission as the rules see it: its days (inclusive, Milan time) and its steps. */
export type MissionRule = { id: string; startsOn: string; endsOn: string; steps: Step[] };

/** What happened, as the server knows it: the facts missions, badges and streaks are computed from. */
export type Fact =
  | {
      kind: 'checkin';
      at: string;
      purpose: CheckinPurpose;
      placeKind: PlaceKind;
      hubId: string | null;
      offerId: string | null;
      category: Category | null;
    }
  | { kind: 'redeemed'; at: string; offerId: string; category: Category }
  | { kind: 'poll'; at: string; missionId: string; step: number }
  /** Taking part in a hub's micro-project round: an idea proposed, a ballot cast, a co-design meeting attended. */
  | { kind: 'idea' | 'vote' | 'codesign'; at: string; hubId: string };

const dayOf = (at: string) => isoDateIn(new Date(at));
const inMission = (mission: MissionRule, at: string) => {
  const day = dayOf(at);
  return day >= mission.startsOn && day <= mission.endsOn;
};
const categoryOf = (fact: Fact): Category | null =>
  fact.kind === 'redeemed' ? fact.category : fact.kind === 'checkin' ? fact.category : null;

/** Each category's first fact, ever: "a category never tried before" is tried by it. */
export function firstTries(facts: Fact[]): Map<Category, Fact> {
  const first = new Map<Category, Fact>();
  for (const fact of [...facts].sort((a, b) => a.at.localeCompare(b.at))) {
    const category = categoryOf(fact);
    if (category && !first.has(category)) first.set(category, fact);
  }
  return first;
}

/** Whether one fact does one step of a mission (`firstOfCategory`: the fact is its category's first ever). */
export function factDoesStep(mission: MissionRule, index: number, fact: Fact, firstOfCategory: boolean): boolean {
  const step = mission.steps[index];
  if (!step || !inMission(mission, fact.at)) return false;
  switch (step.kind) {
    case 'checkin':
      return (
        fact.kind === 'checkin' &&
        fact.purpose === 'visit' &&
        (!step.hubId || fact.hubId === step.hubId) &&
        (!step.offerId || fact.offerId === step.offerId)
      );
    case 'project':
      return (
        ((fact.kind === 'checkin' && fact.purpose === 'project') || fact.kind === 'codesign') && (!step.hubId || fact.hubId === step.hubId)
      );
    case 'idea':
    case 'vote':
      return fact.kind === step.kind && (!step.hubId || fact.hubId === step.hubId);
    case 'new_category':
      return firstOfCategory && (!step.category || categoryOf(fact) === step.category);
    case 'booking':
      return fact.kind === 'redeemed' && (!step.category || fact.category === step.category);
    case 'poll':
      return fact.kind === 'poll' && fact.missionId === mission.id && fact.step === index;
  }
}

/** Which of a mission's steps the facts have done. */
export function missionProgress(mission: MissionRule, facts: Fact[]): boolean[] {
  const firsts = new Set(firstTries(facts).values());
  return mission.steps.map((_, i) => facts.some((fact) => factDoesStep(mission, i, fact, firsts.has(fact))));
}

export const missionComplete = (mission: MissionRule, facts: Fact[]): boolean => missionProgress(mission, facts).every(Boolean);

/** Whether a youth of this birth date may take the mission on a day (age range, and its days). */
export function missionOpenTo(
  mission: { startsOn: string; endsOn: string; ageMin: number; ageMax: number },
  birthDate: string,
  day: string,
): boolean {
  const age = ageOn(birthDate, day);
  return day >= mission.startsOn && day <= mission.endsOn && age >= mission.ageMin && age <= mission.ageMax;
}

export const PollAnswerSchema = v.strictObject({
  missionId: IdSchema('field_mission'),
  step: v.pipe(v.number('field_step'), v.integer('field_step'), v.minValue(0, 'field_step'), v.maxValue(MAX_STEPS - 1, 'field_step')),
  option: v.pipe(
    v.number('field_poll_option'),
    v.integer('field_poll_option'),
    v.minValue(0, 'field_poll_option'),
    v.maxValue(5, 'field_poll_option'),
  ),
});
export type PollAnswerInput = v.InferOutput<typeof PollAnswerSchema>;
