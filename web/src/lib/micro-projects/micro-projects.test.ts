import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { emptyRound, roundOf, draftOf } from './round-draft';
import { RoundsManager } from './rounds.svelte';
import { HubBudgetManager } from './hub-budget.svelte';
import { DEFAULT_ROUND_RULES, type Round } from '$shared/micro-projects';

const HUB = '00000000-0000-4000-8000-0000000000a1';
const ROUND = '00000000-0000-4000-8000-0000000000f1';
const budget = { funded: 30_000_00, committed: 0, paid: 0, available: 30_000_00 };
const round: Round = {
  id: ROUND,
  hubId: HUB,
  hubName: 'Hub Corvetto',
  title: { it: 'Corvetto decide' },
  description: { it: 'Idee dei ragazzi per il quartiere.' },
  budget: 12_000_00,
  calendar: {
    ideasFrom: '2026-12-02',
    codesignFrom: '2026-12-30',
    voteFrom: '2027-01-20',
    resultsFrom: '2027-02-03',
    deliveryFrom: '2027-02-17',
    closedFrom: '2027-08-18',
  },
  rules: { ...DEFAULT_ROUND_RULES, ballot: { kind: 'approval', maxProjects: 4 } },
  phase: 'upcoming',
  createdAt: '2026-11-25T10:00:00.000Z',
};

describe('a round as its form holds it', () => {
  it('proposes a calendar from a week on, and reads what is typed as the schema does', () => {
    const draft = emptyRound('2026-11-25');
    expect(draft.calendar).toEqual(round.calendar);
    expect(roundOf({ ...draft, budget: '12.000', minVotes: 'tre' })).toMatchObject({ budget: 12_000_00, rules: { minVotes: NaN } });
    expect(roundOf({ ...draft, ballot: 'approval', maxProjects: '4' }).rules.ballot).toEqual({ kind: 'approval', maxProjects: 4 });
  });

  it('opens a round as it stands, and sends it back unchanged', () => {
    const again = roundOf(draftOf(round));
    expect(again).toEqual({
      title: { it: 'Corvetto decide', en: '', ar: '', zh: '', es: '' },
      description: { it: 'Idee dei ragazzi per il quartiere.', en: '', ar: '', zh: '', es: '' },
      budget: round.budget,
      calendar: round.calendar,
      rules: round.rules,
    });
  });
});

describe("a hub's rounds and budget", () => {
  useMessages();
  const server = useFakeApi();

  it('plans a round once the draft is right, names what is wrong before, and changes one', async () => {
    server().on('GET /api/hub/rounds', { rounds: [] });
    server().on('GET /api/hub/budget', { budget, fundings: [], planned: [] });
    const rounds = new RoundsManager({ kind: 'hub' }, '2026-11-25');
    await vi.waitFor(() => expect(rounds.view.loading).toBe(false));
    rounds.plan();
    await rounds.save();
    expect(rounds.form.errors).toMatchObject({ 'title.it': t('field_round_title'), budget: t('field_budget') });
    expect(server().to('POST /api/hub/rounds')).toEqual([]);

    server().on('POST /api/hub/rounds', { round });
    rounds.draft = {
      ...rounds.draft!,
      title: { ...rounds.draft!.title, it: 'Corvetto decide' },
      description: { ...rounds.draft!.description, it: 'Idee dei ragazzi per il quartiere.' },
      budget: '12000',
    };
    await rounds.save();
    expect(server().to('POST /api/hub/rounds')[0].body).toMatchObject({
      budget: 12_000_00,
      calendar: round.calendar,
      rules: DEFAULT_ROUND_RULES,
    });
    expect(rounds.done).toBe(m.rounds_created({ title: 'Corvetto decide' }));
    expect(rounds.draft).toBeNull();

    server().on(`PUT /api/hub/rounds/${ROUND}`, refusal(409, 'round_rules_locked', 'The vote is open.'));
    rounds.change(round);
    expect(rounds.editing).toBe(ROUND);
    await rounds.save();
    expect(rounds.form.message).toBe('The vote is open.');
    expect(rounds.draft).not.toBeNull();
  });

  it('tells what a round may still plan: the available money less what the other rounds still deciding plan', async () => {
    const delivering = { ...round, id: '00000000-0000-4000-8000-0000000000f2', phase: 'delivery' as const };
    server().on('GET /api/hub/rounds', { rounds: [round, delivering] });
    // The delivering round's winners are funded: it plans nothing more.
    server().on('GET /api/hub/budget', { budget, fundings: [], planned: [{ roundId: ROUND, budget: round.budget }] });
    const rounds = new RoundsManager({ kind: 'hub' }, '2026-11-25');
    await vi.waitFor(() => expect(rounds.view.loading).toBe(false));
    expect(rounds.free).toBe(30_000_00 - 12_000_00);
    rounds.change(round);
    expect(rounds.free).toBe(30_000_00);
  });

  it('funds a hub with one transfer id until the money has moved, and a new one after', async () => {
    server().on(`GET /api/city/hubs/${HUB}/budget`, { budget: { ...budget, funded: 0, available: 0 }, fundings: [] });
    const manager = new HubBudgetManager(HUB);
    await vi.waitFor(() => expect(manager.view.loading).toBe(false));
    manager.funding = { amount: '10.000', source: 'eu_fund', note: 'FSE+' };
    server().on(`POST /api/city/hubs/${HUB}/budget/fund`, refusal(503, 'internal', 'Try again.'));
    await manager.fund();
    expect(manager.form.message).toBe('Try again.');
    server().on(`POST /api/city/hubs/${HUB}/budget/fund`, { budget: { ...budget, funded: 10_000_00, available: 10_000_00 }, fundings: [] });
    await manager.fund();
    const [first, second] = server()
      .to(`POST /api/city/hubs/${HUB}/budget/fund`)
      .map((call) => call.body as { id: string; amount: number });
    expect(second).toEqual(first);
    expect(first).toMatchObject({ amount: 10_000_00, source: 'eu_fund', note: 'FSE+' });
    expect(manager.view.data?.budget.funded).toBe(10_000_00);
    expect(manager.funding).toEqual({ amount: '', source: 'eu_fund', note: '' });

    manager.funding = { ...manager.funding, amount: '5' };
    await manager.fund();
    expect((server().to(`POST /api/city/hubs/${HUB}/budget/fund`)[2].body as { id: string }).id).not.toBe(first.id);
  });
});
