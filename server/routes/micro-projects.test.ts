import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { HubPage, PublicHub } from '$shared/hubs';
import {
  DEFAULT_ROUND_RULES,
  type HubBudget,
  type HubFunding,
  type PlannedRound,
  type Round,
  type RoundInput,
} from '$shared/micro-projects';
import { hubCollectiveId, PROGRAMME_BUDGET } from '../services/ledger/accounts';

const text = (it: string) => ({ it, en: '', ar: '', zh: '', es: '' });
/** A round of our own at the demo's Hub Corvetto, from a week after the test's today (2026-11-25). */
const round = (budget: number, ideasFrom = '2026-12-02'): RoundInput => ({
  title: text('Corvetto decide'),
  description: text('Idee dei ragazzi per il quartiere, scelte da loro.'),
  budget,
  calendar: {
    ideasFrom,
    codesignFrom: '2027-01-11',
    voteFrom: '2027-02-01',
    resultsFrom: '2027-02-15',
    deliveryFrom: '2027-03-01',
    closedFrom: '2027-09-01',
  },
  rules: DEFAULT_ROUND_RULES,
});

describe.each(ENGINES)('hub budgets and micro-project rounds (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let hubId: string;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['admin', 'hub', 'youth']);
    hubId = (await t.call<{ hubs: PublicHub[] }>('GET', '/api/hubs')).body.hubs.find((h) => h.name === 'Hub Corvetto')!.id;
  });
  afterAll(() => t.close());

  const as = (who: string, method: string, path: string, body?: unknown) => t.call(method, path, { cookie: people.cookies[who], body });
  const balance = async (id: string) =>
    (
      await t.db.query<{ credits: string; debits: string }>(
        'SELECT credits_posted::text AS credits, (debits_posted + debits_pending)::text AS debits FROM ledger_balances WHERE id = $1',
        [id],
      )
    )[0];
  const audits = (action: string, id: string) =>
    t.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND object_id = $2', [action, id]).then((rows) => rows.length);

  it('funds a hub from the programme budget through the ledger, once however often the form is sent', async () => {
    const before = await balance(PROGRAMME_BUDGET);
    const { budget: had, fundings: earlier } = (await as('admin', 'GET', `/api/city/hubs/${hubId}/budget`)).body as {
      budget: HubBudget;
      fundings: HubFunding[];
    };
    const funding = { id: randomUUID(), amount: 30_000_00, source: 'eu_fund', note: 'FSE+ 2021-2027' };
    const first = await as('admin', 'POST', `/api/city/hubs/${hubId}/budget/fund`, funding);
    expect(first.status).toBe(201);
    expect(first.body.budget).toEqual({ ...had, funded: had.funded + 30_000_00, available: had.available + 30_000_00 });
    const again = await as('admin', 'POST', `/api/city/hubs/${hubId}/budget/fund`, funding);
    expect(again.status).toBe(200);
    expect(again.body.budget.funded).toBe(had.funded + 30_000_00);
    const fundings = again.body.fundings as HubFunding[];
    expect(fundings).toHaveLength(earlier.length + 1);
    expect(fundings.find((f) => f.id === funding.id)).toMatchObject({ amount: 30_000_00, source: 'eu_fund', note: 'FSE+ 2021-2027' });

    // The money left the programme's budget for the hub's, and nowhere else.
    const after = await balance(PROGRAMME_BUDGET);
    expect(Number(after.debits) - Number(before.debits)).toBe(30_000_00);
    expect(await balance(hubCollectiveId(hubId))).toEqual({
      credits: String(had.funded + 30_000_00),
      debits: String(had.committed + had.paid),
    });
    expect(await audits('hub_fund', hubId)).toBe(1);
    const [transfer] = await t.db.query<{ code: string; ref_type: string }>('SELECT code, ref_type FROM ledger_transfers WHERE id = $1', [
      funding.id,
    ]);
    expect(transfer).toEqual({ code: 'funding', ref_type: 'hub' });
  });

  it('refuses a funding that is bad, too large for the programme, or reuses an id for something else, moving nothing', async () => {
    const path = `/api/city/hubs/${hubId}/budget/fund`;
    const budgetBefore = await balance(hubCollectiveId(hubId));
    const refused = async (body: object, status: number, code: string) => {
      const reply = await as('admin', 'POST', path, { id: randomUUID(), amount: 100_00, source: 'city', ...body });
      expect([reply.status, reply.body.error.code]).toEqual([status, code]);
    };
    await refused({ source: 'lottery' }, 400, 'validation_failed');
    await refused({ amount: 0 }, 400, 'validation_failed');
    await refused({ amount: 99.5 }, 400, 'validation_failed');
    await refused({ amount: 9_000_000_00 }, 409, 'programme_budget_insufficient');
    const used = randomUUID();
    expect((await as('admin', 'POST', path, { id: used, amount: 100_00, source: 'city' })).status).toBe(201);
    await refused({ id: used, amount: 200_00 }, 409, 'transfer_refused');
    await refused({ id: used, source: 'eu_fund' }, 409, 'transfer_refused');
    const after = await balance(hubCollectiveId(hubId));
    expect(Number(after.credits) - Number(budgetBefore.credits)).toBe(100_00);
    expect(
      (await as('admin', 'POST', `/api/city/hubs/${randomUUID()}/budget/fund`, { id: randomUUID(), amount: 1, source: 'city' })).status,
    ).toBe(404);
  });

  it('lets the hub plan rounds within what is available and not planned by its other rounds', async () => {
    const available = ((await as('hub', 'GET', '/api/hub/budget')).body.budget as HubBudget).available;
    // What the hub's rounds already there (the demo's, say) plan until their winners are funded.
    const { planned } = (await as('hub', 'GET', '/api/hub/budget')).body as { planned: PlannedRound[] };
    const existing = (await as('hub', 'GET', '/api/hub/rounds')).body.rounds as Round[];
    const free = available - planned.reduce((sum, r) => sum + r.budget, 0);
    const first = await as('hub', 'POST', '/api/hub/rounds', round(free - 5_000_00));
    expect(first.status).toBe(201);
    expect(first.body.round).toMatchObject({ hubId, hubName: 'Hub Corvetto', budget: free - 5_000_00, phase: 'upcoming' });
    expect(first.body.round.title).toEqual({ it: 'Corvetto decide' });
    // What the first round plans is not there for a second.
    const second = await as('hub', 'POST', '/api/hub/rounds', round(5_000_01));
    expect([second.status, second.body.error.code]).toEqual([409, 'round_budget_exceeds_hub']);
    expect((await as('hub', 'POST', '/api/hub/rounds', round(5_000_00))).status).toBe(201);
    // A round may not begin before today.
    const past = await as('hub', 'POST', '/api/hub/rounds', round(1_00, '2026-11-24'));
    expect([past.status, past.body.error.code]).toEqual([400, 'round_starts_in_past']);
    // The city plans for any hub; everyone sees the hub's budget and rounds on its public page.
    expect((await as('admin', 'GET', `/api/city/hubs/${hubId}/rounds`)).body.rounds).toHaveLength(existing.length + 2);
    const page = await t.call<HubPage>('GET', `/api/hubs/${hubId}`);
    expect(page.body.budget.available).toBe(available);
    expect(page.body.rounds.map((r) => r.id)).toContain(first.body.round.id);
    expect(await audits('round_create', first.body.round.id)).toBe(1);
  });

  it('keeps what has begun: days already passed, and the rules once the vote is open', async () => {
    await as('admin', 'POST', `/api/city/hubs/${hubId}/budget/fund`, { id: randomUUID(), amount: 1_00, source: 'city' });
    const { round: planned } = (await as('hub', 'POST', '/api/hub/rounds', round(1_00))).body as { round: Round };
    const path = `/api/hub/rounds/${planned.id}`;
    const changed = await as('hub', 'PUT', path, { ...round(1_00), title: text('Corvetto sceglie') });
    expect([changed.status, changed.body.round.title.it]).toEqual([200, 'Corvetto sceglie']);

    // Ten weeks on, the sign-in of today has expired: the operator signs in again then.
    t.clock.set('2027-02-03T10:00:00Z');
    people = await DemoPeople.signIn(t, ['admin', 'hub', 'youth']);
    try {
      const now = (await as('hub', 'GET', '/api/hub/rounds')).body.rounds.find((r: Round) => r.id === planned.id);
      expect(now.phase).toBe('vote');
      const moved = await as('hub', 'PUT', path, { ...round(1_00), calendar: { ...round(1).calendar, ideasFrom: '2026-12-03' } });
      expect([moved.status, moved.body.error.code]).toEqual([409, 'round_calendar_locked']);
      const rules = await as('hub', 'PUT', path, { ...round(1_00), rules: { ...DEFAULT_ROUND_RULES, method: 'greedy' } });
      expect([rules.status, rules.body.error.code]).toEqual([409, 'round_rules_locked']);
      // The results day is still ahead: it may move, later still.
      const later = await as('hub', 'PUT', path, { ...round(1_00), calendar: { ...round(1).calendar, resultsFrom: '2027-02-20' } });
      expect([later.status, later.body.round.calendar.resultsFrom]).toEqual([200, '2027-02-20']);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
      people = await DemoPeople.signIn(t, ['admin', 'hub', 'youth']);
    }
  });

  it('refuses bad rounds and keeps each hub to its own', async () => {
    const bad = await as('hub', 'POST', '/api/hub/rounds', { ...round(1_00), calendar: { ...round(1).calendar, voteFrom: '2026-12-01' } });
    expect([bad.status, bad.body.error.code, bad.body.error.fields[0].path]).toEqual([400, 'validation_failed', 'calendar']);
    const other = await as('admin', 'POST', '/api/city/hubs', {
      name: 'Hub Gratosoglio',
      address: 'Via dei Missaglia 117, Milano',
      municipio: 5,
      lat: 45.4178,
      lon: 9.1737,
      hours: [{ day: 3, opens: '15:00', closes: '19:00' }],
      languages: ['it'],
      accessibility: [],
    });
    await as('admin', 'POST', `/api/city/hubs/${other.body.hub.id}/budget/fund`, { id: randomUUID(), amount: 1_000_00, source: 'city' });
    const theirs = (await as('admin', 'POST', `/api/city/hubs/${other.body.hub.id}/rounds`, round(1_00))).body.round as Round;
    const foreign = await as('hub', 'PUT', `/api/hub/rounds/${theirs.id}`, round(1_00));
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'round_not_found']);
    expect((await as('youth', 'POST', '/api/hub/rounds', round(1_00))).status).toBe(403);
  });
});
