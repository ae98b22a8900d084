import { DEFAULT_ROUND_RULES, type Round, type RoundCalendar } from '$shared/micro-projects';
import type { CountingMethod } from '$shared/vote-count';
import { LOCALES, type Locale } from '$shared/locale';
import { readEuros } from '$lib/components/calls/format';
import { numberField as whole, type NumberField } from '$lib/state/form.svelte';
import { addDays } from '$shared/dates';

/** A round as its form holds it: texts by language, the budget in euros as typed, numbers as typed. */
export type RoundDraft = {
  title: Record<Locale, string>;
  description: Record<Locale, string>;
  budget: string;
  calendar: RoundCalendar;
  minAge: NumberField;
  maxAge: NumberField;
  area: 'municipio' | 'city';
  families: boolean;
  ballot: 'basket' | 'approval';
  minSharePercent: NumberField;
  maxProjects: NumberField;
  method: CountingMethod;
  minVotes: NumberField;
  graceHours: NumberField;
};

const byLanguage = (text: Partial<Record<Locale, string>> = {}) =>
  Object.fromEntries(LOCALES.map((l) => [l, text[l] ?? ''])) as Record<Locale, string>;

/**
 * A new round with the programme's rules, from a week after `today` (YYYY-MM-DD): a month of ideas,
 * three weeks of co-design, two weeks of voting, results for two weeks, and six months of delivery.
 */
export function emptyRound(today: string): RoundDraft {
  const ideasFrom = addDays(today, 7);
  const codesignFrom = addDays(ideasFrom, 28);
  const voteFrom = addDays(codesignFrom, 21);
  const resultsFrom = addDays(voteFrom, 14);
  const deliveryFrom = addDays(resultsFrom, 14);
  const r = DEFAULT_ROUND_RULES;
  return {
    title: byLanguage(),
    description: byLanguage(),
    budget: '',
    calendar: { ideasFrom, codesignFrom, voteFrom, resultsFrom, deliveryFrom, closedFrom: addDays(deliveryFrom, 182) },
    minAge: String(r.minAge),
    maxAge: String(r.maxAge),
    area: r.area,
    families: r.families,
    ballot: r.ballot.kind,
    minSharePercent: String(r.ballot.kind === 'basket' ? r.ballot.minSharePercent : 50),
    maxProjects: '3',
    method: r.method,
    minVotes: String(r.minVotes),
    graceHours: String(r.graceHours),
  };
}

/** A round as it stands, to change it. */
export function draftOf(round: Round): RoundDraft {
  const r = round.rules;
  return {
    title: byLanguage(round.title),
    description: byLanguage(round.description),
    budget: String(round.budget / 100),
    calendar: { ...round.calendar },
    minAge: String(r.minAge),
    maxAge: String(r.maxAge),
    area: r.area,
    families: r.families,
    ballot: r.ballot.kind,
    minSharePercent: String(r.ballot.kind === 'basket' ? r.ballot.minSharePercent : 50),
    maxProjects: String(r.ballot.kind === 'approval' ? r.ballot.maxProjects : 3),
    method: r.method,
    minVotes: String(r.minVotes),
    graceHours: String(r.graceHours),
  };
}

/** The draft as the schema reads it: what is not a number stays NaN, so the schema names the field. */
export function roundOf(d: RoundDraft) {
  return {
    title: d.title,
    description: d.description,
    budget: readEuros(d.budget) ?? NaN,
    calendar: d.calendar,
    rules: {
      minAge: whole(d.minAge),
      maxAge: whole(d.maxAge),
      area: d.area,
      families: d.families,
      ballot:
        d.ballot === 'basket'
          ? { kind: 'basket' as const, minSharePercent: whole(d.minSharePercent) }
          : { kind: 'approval' as const, maxProjects: whole(d.maxProjects) },
      method: d.method,
      minVotes: whole(d.minVotes),
      graceHours: whole(d.graceHours),
    },
  };
}
