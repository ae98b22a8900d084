import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  budgetFits,
  calendarChangeAllowed,
  DEFAULT_ROUND_RULES,
  HubFundingSchema,
  roundPhase,
  RoundInputSchema,
  type RoundCalendar,
} from './micro-projects';

const calendar: RoundCalendar = {
  ideasFrom: '2027-02-01',
  codesignFrom: '2027-03-01',
  voteFrom: '2027-04-01',
  resultsFrom: '2027-04-15',
  deliveryFrom: '2027-05-01',
  closedFrom: '2027-12-01',
};
const text = (it: string) => ({ it, en: '', ar: '', zh: '', es: '' });
const input = {
  title: text('Corvetto decide'),
  description: text('Idee per il quartiere, scelte dai ragazzi.'),
  budget: 20_000_00,
  calendar,
  rules: DEFAULT_ROUND_RULES,
};
const issues = (value: unknown) => (v.safeParse(RoundInputSchema, value).issues ?? []).map((i) => i.message);

describe('a round', () => {
  it('is in the phase whose first day has come, on each phase’s first day already', () => {
    expect(roundPhase(calendar, '2027-01-31')).toBe('upcoming');
    expect(roundPhase(calendar, '2027-02-01')).toBe('ideas');
    expect(roundPhase(calendar, '2027-03-31')).toBe('codesign');
    expect(roundPhase(calendar, '2027-04-01')).toBe('vote');
    expect(roundPhase(calendar, '2027-04-15')).toBe('results');
    expect(roundPhase(calendar, '2027-05-01')).toBe('delivery');
    expect(roundPhase(calendar, '2027-12-01')).toBe('closed');
  });

  it('takes a calendar whose phases follow one another, and rules that make sense', () => {
    expect(issues(input)).toEqual([]);
    expect(issues({ ...input, calendar: { ...calendar, voteFrom: '2027-02-15' } })).toEqual(['field_round_calendar']);
    expect(issues({ ...input, calendar: { ...calendar, resultsFrom: '2027-04-01' } })).toEqual(['field_round_calendar']);
    expect(issues({ ...input, calendar: { ...calendar, ideasFrom: '2027-02-30' } })).toContain('field_round_calendar');
    expect(issues({ ...input, rules: { ...DEFAULT_ROUND_RULES, minAge: 15, maxAge: 12 } })).toEqual(['field_round_ages']);
    expect(issues({ ...input, rules: { ...DEFAULT_ROUND_RULES, ballot: { kind: 'basket', minSharePercent: 120 } } })).toEqual([
      'field_min_share',
    ]);
    expect(issues({ ...input, rules: { ...DEFAULT_ROUND_RULES, ballot: { kind: 'approval', maxProjects: 0 } } })).toEqual([
      'field_max_projects',
    ]);
    expect(issues({ ...input, rules: { ...DEFAULT_ROUND_RULES, method: 'borda' } })).toEqual(['field_counting_method']);
    expect(issues({ ...input, budget: 0 })).toEqual(['field_budget']);
  });

  it('keeps the start of a phase that has begun, and lets the days ahead move', () => {
    const later = { ...calendar, voteFrom: '2027-04-08', resultsFrom: '2027-04-20' };
    expect(calendarChangeAllowed(calendar, later, '2027-03-10')).toBe(true);
    expect(calendarChangeAllowed(calendar, { ...calendar, codesignFrom: '2027-03-05' }, '2027-03-02')).toBe(false);
    // Nor may a day ahead be moved to today or earlier (it would begin a phase behind people's backs).
    expect(calendarChangeAllowed(calendar, { ...calendar, voteFrom: '2027-03-10' }, '2027-03-10')).toBe(false);
  });
});

describe('a hub budget', () => {
  it('lets a round plan only what is available and not planned by other rounds', () => {
    const hub = { funded: 50_000_00, committed: 10_000_00, paid: 5_000_00, available: 35_000_00 };
    expect(budgetFits(20_000_00, hub, 15_000_00)).toBe(true);
    expect(budgetFits(20_000_01, hub, 15_000_00)).toBe(false);
  });

  it('is funded with a source the city names, in whole cents', () => {
    const id = '3f0c1e9a-2b7d-4c55-9a41-0e6f1d2c3b4a';
    expect(v.safeParse(HubFundingSchema, { id, amount: 10_000_00, source: 'eu_fund' }).output).toMatchObject({ note: '' });
    const bad = (value: object) =>
      (v.safeParse(HubFundingSchema, { id, amount: 100, source: 'city', ...value }).issues ?? []).map((i) => i.message);
    expect(bad({ source: 'lottery' })).toEqual(['field_funding_source']);
    expect(bad({ amount: 10.5 })).toEqual(['field_amount']);
    expect(bad({ amount: -1 })).toEqual(['field_amount']);
    expect(bad({ note: 'x'.repeat(201) })).toEqual(['field_funding_note']);
  });
});
