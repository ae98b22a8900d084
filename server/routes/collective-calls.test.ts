import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { collectiveVoucherId } from '../services/ledger/accounts';
import type { CollectiveApplication, CollectiveApplicationStatus, CollectiveCall } from '$shared/collective-calls';

const text = (it: string) => ({ it, en: '', ar: '', zh: '', es: '' });
/** A collective call of €4,000, at most €3,000 an application, open for ten days: our example. */
const callInput = {
  name: text('Voucher collettivi 2027'),
  description: text('Per scuole, associazioni e gruppi che portano un gruppo di ragazzi a fare sport, arte o scienza.'),
  budgetCents: 4_000_00,
  maxAmountCents: 3_000_00,
  opensAt: '2026-11-25T08:00:00.000Z',
  closesAt: '2026-12-05T18:00:00.000Z',
};
const application = (over: { kind: string; name: string; minors: number; amountCents: number }) => ({
  id: randomUUID(),
  applicant: { kind: over.kind, name: over.name, referent: 'Maria Rossi', email: 'referente@example.org' },
  minors: over.minors,
  ageMin: 11,
  ageMax: 14,
  municipio: 4,
  project: {
    title: `Sport insieme: ${over.name}`,
    description: 'Un corso di basket per il gruppo, due pomeriggi a settimana con un allenatore.',
    pillar: 'physical',
    place: 'Palestra di via Mompiani',
  },
  amountCents: over.amountCents,
  language: 'it',
});

describe.each(ENGINES)('the collective voucher call (%s)', (engine) => {
  let t: TestApp;
  let admin: string;
  let call: CollectiveCall;
  const school = application({ kind: 'school', name: 'Scuola media Pezzani, 2ª C', minors: 24, amountCents: 2_000_00 });
  const association = application({ kind: 'association', name: 'ASD Corvetto Basket', minors: 20, amountCents: 1_500_00 });
  const group = application({ kind: 'group', name: 'Ragazzi del cortile di via Salomone', minors: 40, amountCents: 3_000_00 });
  const codes: Record<string, string> = {};
  const city = (method: string, path: string, body?: unknown) =>
    t.call(method, `/api/city/collective-calls${path}`, { cookie: admin, body });
  const status = async (code: string) =>
    (await t.call<{ application: CollectiveApplicationStatus }>('GET', `/api/collective-calls/applications/${code}`)).body.application;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    admin = await t.signIn('admin@demo.wishmi.test');
  });
  afterAll(() => t.close());

  it('opens a call with its budget taken from the programme’s, and refuses a bad one', async () => {
    const over = await city('POST', '', { ...callInput, maxAmountCents: 5_000_00 });
    expect([over.status, over.body.error.fields[0].code]).toEqual([400, 'field_max_amount']);
    const past = await city('POST', '', { ...callInput, opensAt: '2026-11-01T08:00:00.000Z', closesAt: '2026-11-20T18:00:00.000Z' });
    expect([past.status, past.body.error.fields[0].code]).toEqual([400, 'field_closes_at_past']);
    const huge = await city('POST', '', { ...callInput, budgetCents: 90_000_000_00, maxAmountCents: 3_000_00 });
    expect([huge.status, huge.body.error.code]).toEqual([409, 'call_budget_insufficient']);
    expect(await t.db.query('SELECT 1 FROM collective_calls')).toHaveLength(0);

    const made = await city('POST', '', callInput);
    expect(made.status).toBe(201);
    call = made.body.call;
    const [funding] = await t.db.query<{ amount: string }>(
      "SELECT amount::text FROM ledger_transfers WHERE code = 'funding' AND ref_type = 'collective_call' AND ref_id = $1",
      [call.id],
    );
    expect(Number(funding.amount)).toBe(4_000_00);
    expect((await t.call<{ calls: CollectiveCall[] }>('GET', '/api/collective-calls')).body.calls.map((c) => c.id)).toContain(call.id);
  });

  it('takes applications from schools, associations and groups without an account, once each, each with a code to follow it', async () => {
    for (const a of [school, association, group]) {
      const sent = await t.call('POST', `/api/collective-calls/${call.id}/applications`, { body: a });
      expect(sent.status).toBe(201);
      codes[a.id] = sent.body.code;
    }
    // Sent again (the answer was lost): the same application, the same code.
    const again = await t.call('POST', `/api/collective-calls/${call.id}/applications`, { body: school });
    expect(again.body.code).toBe(codes[school.id]);
    const tooMuch = await t.call('POST', `/api/collective-calls/${call.id}/applications`, {
      body: { ...application({ kind: 'group', name: 'Troppi soldi', minors: 10, amountCents: 3_500_00 }) },
    });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([400, 'collective_amount_too_high']);
    const bad = await t.call('POST', `/api/collective-calls/${call.id}/applications`, {
      body: application({ kind: 'club', name: 'X', minors: 0, amountCents: 100_00 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { code: string }) => f.code).sort()).toEqual([
      'field_applicant_kind',
      'field_applicant_name',
      'field_group_minors',
    ]);
    const ages = await t.call('POST', `/api/collective-calls/${call.id}/applications`, {
      body: { ...application({ kind: 'group', name: 'Età al contrario', minors: 10, amountCents: 100_00 }), ageMin: 15, ageMax: 12 },
    });
    expect([ages.status, ages.body.error.fields[0]]).toEqual([400, expect.objectContaining({ path: 'ageMax', code: 'field_group_ages' })]);
    expect(await t.db.query('SELECT 1 FROM collective_applications')).toHaveLength(3);

    expect(await status(codes[school.id].toLowerCase())).toMatchObject({
      status: 'submitted',
      projectTitle: school.project.title,
      rank: null,
    });
    expect((await t.call('GET', '/api/collective-calls/applications/ZZZZ-ZZZZ')).status).toBe(404);
    expect((await t.call('GET', '/api/collective-calls/applications/nonsense')).status).toBe(400);
  });

  it('ranks only once the call has closed and every application is scored or excluded, then funds in rank order within the budget', async () => {
    expect((await city('POST', `/${call.id}/allocate`, {})).body.error.code).toBe('call_window_open');
    t.clock.set('2026-12-06T09:00:00Z');
    admin = await t.signIn('admin@demo.wishmi.test');
    const late = await t.call('POST', `/api/collective-calls/${call.id}/applications`, {
      body: application({ kind: 'school', name: 'In ritardo', minors: 10, amountCents: 500_00 }),
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'call_not_open']);

    const score = (id: string, quality: number, need: number, inclusion: number) =>
      city('PUT', `/${call.id}/applications/${id}`, { decision: 'score', scores: { quality, need, inclusion } });
    expect((await score(school.id, 9, 9, 9)).status).toBe(200);
    expect((await city('POST', `/${call.id}/allocate`, {})).body.error.code).toBe('collective_not_reviewed');
    const outOfRange = await score(association.id, 11, 5, 5);
    expect([outOfRange.status, outOfRange.body.error.fields[0].code]).toEqual([400, 'field_score']);
    expect((await score(association.id, 8, 8, 8)).status).toBe(200);
    // The group first excluded, then (the city changes its mind) scored as the association: the larger group ranks first.
    const excluded = await city('PUT', `/${call.id}/applications/${group.id}`, { decision: 'exclude', reason: 'Manca il referente.' });
    expect(excluded.status).toBe(200);
    expect(await status(codes[group.id])).toMatchObject({ status: 'excluded', reason: 'Manca il referente.' });
    expect((await score(group.id, 8, 8, 8)).status).toBe(200);

    const allocated = await city('POST', `/${call.id}/allocate`, {});
    // The school (27 points, €2,000) fits; the group (24, 40 young people) does not fit what is left, so it
    // and the association after it (24, 20 young people) wait: no one lower jumps ahead.
    expect(allocated.body).toEqual({ funded: 1, waiting: 2, allocatedCents: 2_000_00 });
    const { applications } = (await city('GET', `/${call.id}/applications`)).body as { applications: CollectiveApplication[] };
    expect(applications.map((a) => [a.applicant.name, a.rank, a.status, a.points])).toEqual([
      ['Scuola media Pezzani, 2ª C', 1, 'funded', 27],
      ['Ragazzi del cortile di via Salomone', 2, 'waiting', 24],
      ['ASD Corvetto Basket', 3, 'waiting', 24],
    ]);
    expect(await status(codes[school.id])).toMatchObject({ status: 'funded', rank: 1, points: 27 });
    const [voucher] = await t.db.query<{ amount: string; debit: string }>(
      "SELECT amount::text, debit_account_id AS debit FROM ledger_transfers WHERE credit_account_id = $1 AND code = 'allocation'",
      [collectiveVoucherId(school.id)],
    );
    expect(Number(voucher.amount)).toBe(2_000_00);

    // Once: nothing moves again, and the reviews are final.
    expect((await city('POST', `/${call.id}/allocate`, {})).body.error.code).toBe('call_wrong_status');
    expect((await score(group.id, 10, 10, 10)).body.error.code).toBe('application_not_reviewable');
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: admin })).body.invariants as { ok: boolean }[];
    expect(invariants.every((i) => i.ok)).toBe(true);
  });
});
