import { LOCALES, type Locale } from '$shared/locale';
import { MAX_AGE, MIN_AGE, type StepKind } from '$shared/missions';
import { numberField, type NumberField } from '$lib/state/form.svelte';

/** One step as typed: every kind's fields are kept, and only the step's own kind is sent. */
export type StepDraft = {
  key: number;
  kind: StepKind;
  hubId: string;
  category: string;
  question: Record<Locale, string>;
  options: Record<Locale, string>[];
};

/** The mission as typed: numbers still as the inputs hold them, a blank badge for none. */
export type MissionDraft = {
  title: Record<Locale, string>;
  story: Record<Locale, string>;
  ageMin: NumberField;
  ageMax: NumberField;
  startsOn: string;
  endsOn: string;
  reward: NumberField;
  badge: string;
  steps: StepDraft[];
};

const byLanguage = () => Object.fromEntries(LOCALES.map((l) => [l, ''])) as Record<Locale, string>;
let nextKey = 0;
const DAY_MS = 86_400_000;
/** A mission runs a month unless the curator says otherwise. */
const DEFAULT_DAYS = 30;
const DEFAULT_REWARD = 50;

/** A new step of a kind; a hub's own steps are at the hub unless the curator widens them. */
export function emptyStep(kind: StepKind, hubId = ''): StepDraft {
  return {
    key: nextKey++,
    kind,
    hubId: kind === 'checkin' || kind === 'project' || kind === 'idea' || kind === 'vote' ? hubId : '',
    category: '',
    question: byLanguage(),
    options: [byLanguage(), byLanguage()],
  };
}

export function emptyMission(today: string, hubId = ''): MissionDraft {
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + DEFAULT_DAYS * DAY_MS).toISOString().slice(0, 10);
  return {
    title: byLanguage(),
    story: byLanguage(),
    ageMin: String(MIN_AGE),
    ageMax: String(MAX_AGE),
    startsOn: today,
    endsOn: last,
    reward: String(DEFAULT_REWARD),
    badge: '',
    steps: [emptyStep('checkin', hubId)],
  };
}

function stepOf(step: StepDraft) {
  switch (step.kind) {
    case 'checkin':
      return { kind: step.kind, hubId: step.hubId || null, offerId: null };
    case 'project':
    case 'idea':
    case 'vote':
      return { kind: step.kind, hubId: step.hubId || null };
    case 'new_category':
    case 'booking':
      return { kind: step.kind, category: step.category || null };
    case 'poll':
      return { kind: step.kind, question: step.question, options: step.options };
  }
}

/** The draft as the schema reads it: a number that is not one stays NaN, so the schema names the field. */
export function missionOf(d: MissionDraft) {
  return {
    title: d.title,
    story: d.story,
    ageMin: numberField(d.ageMin),
    ageMax: numberField(d.ageMax),
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    steps: d.steps.map(stepOf),
    reward: numberField(d.reward),
    badge: d.badge || null,
  };
}
