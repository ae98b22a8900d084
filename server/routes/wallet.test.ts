import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, TestApp } from '../../tests/support/app';

describe.each(ENGINES)('wallets and the city ledger (%s)', (engine) => {
  let t: TestApp;
  let guardian: string;
  let youth: string;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    [guardian, youth, admin] = await Promise.all(['guardian', 'youth', 'admin'].map((who) => t.signIn(`${who}@demo.wishmi.test`)));
  });
  afterAll(() => t.close());

  it('shows a guardian the household voucher: balance, what is held and for what, and the deadline', async () => {
    const res = await t.call('GET', '/api/wallet', { cookie: guardian });
    expect(res.status).toBe(200);
    expect(res.body.now).toBe('2026-11-25T10:00:00.000Z');
    expect(res.body.accounts).toEqual([
      {
        id: expect.any(String),
        ledger: 'EUR',
        kind: 'household_voucher',
        balance: 350_00,
        available: 230_00,
        held: 120_00,
        expiresAt: '2027-06-30T21:59:59.000Z',
        holds: [
          {
            transferId: expect.any(String),
            amount: 120_00,
            timeoutAt: '2026-12-25T10:00:00.000Z',
            code: 'booking_hold',
            ref: { type: 'offer', id: expect.any(String) },
            title: expect.objectContaining({ it: 'Nuoto per ragazzi', ar: 'السباحة للأطفال' }),
          },
        ],
      },
    ]);
  });

  it('shows a youth the household voucher and their own credits, and no one else’s', async () => {
    const res = await t.call('GET', '/api/wallet', { cookie: youth });
    expect(res.body.accounts.map((a: { kind: string; balance: number }) => [a.kind, a.balance])).toEqual([
      ['household_voucher', 350_00],
      ['youth_credit', 100],
    ]);
    const other = await t.signIn('guardian2@demo.wishmi.test');
    const theirs = await t.call('GET', '/api/wallet', { cookie: other });
    expect(theirs.body.accounts.map((a: { balance: number }) => a.balance)).toEqual([200_00]);
  });

  it('pages the history newest first, each line with its reason and what it was for', async () => {
    const first = await t.call('GET', '/api/wallet/transfers?limit=2', { cookie: guardian });
    expect(first.status).toBe(200);
    expect(
      first.body.transfers.map((l: { code: string; kind: string; direction: string; amount: number }) => [
        l.code,
        l.kind,
        l.direction,
        l.amount,
      ]),
    ).toEqual([
      ['booking_hold', 'pending', 'out', 120_00],
      ['redemption', 'single', 'out', 50_00],
    ]);
    expect(first.body.transfers[1].title.it).toBe('Sport e alimentazione');
    // Each line says why in the caller's language (English in these tests).
    expect(first.body.transfers.map((l: { reason: string }) => l.reason)).toEqual([
      'Booking on hold: Swimming for kids',
      'Activity paid: Sport and healthy eating',
    ]);
    const second = await t.call('GET', `/api/wallet/transfers?limit=2&before=${first.body.next}`, { cookie: guardian });
    expect(second.body.transfers.map((l: { code: string; direction: string }) => [l.code, l.direction])).toEqual([['allocation', 'in']]);
    expect(second.body.next).toBeNull();
  });

  it('refuses a malformed page request', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'before=-1', 'before=1.5']) {
      const res = await t.call('GET', `/api/wallet/transfers?${query}`, { cookie: guardian });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('shows the city the accounts by kind, the invariants, and finds transfers', async () => {
    const res = await t.call('GET', '/api/city/ledger', { cookie: admin });
    expect(res.body.invariants.map((c: { id: string; ok: boolean }) => [c.id, c.ok])).toEqual([
      ['balanced', true],
      ['not_negative', true],
      ['sums_match', true],
      ['resolved_once', true],
      ['deadlines_kept', true],
    ]);
    // The demo's calls, counted in the database: each budget came from the programme's, and each
    // call's allocations went to households.
    const [calls] = await t.db.query<{ budgets: number; funded: string; allocations: number; allocated: string }>(
      `SELECT (SELECT count(*)::int FROM ledger_accounts WHERE kind = 'call_budget') AS budgets,
              (SELECT sum(t.amount)::text FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.credit_account_id WHERE a.kind = 'call_budget') AS funded,
              (SELECT count(*)::int FROM ledger_transfers WHERE code = 'allocation') AS allocations,
              (SELECT sum(amount)::text FROM ledger_transfers WHERE code = 'allocation') AS allocated`,
    );
    expect(calls.allocations).toBeGreaterThan(0);
    const budget = res.body.summary.find((r: { kind: string }) => r.kind === 'programme_budget');
    expect(budget).toEqual({ ledger: 'EUR', kind: 'programme_budget', accounts: 1, balance: 200_000_00 - Number(calls.funded), held: 0 });
    expect(res.body.summary.find((r: { kind: string }) => r.kind === 'call_budget')).toEqual({
      ledger: 'EUR',
      kind: 'call_budget',
      accounts: Number(calls.budgets),
      balance: Number(calls.funded) - Number(calls.allocated),
      held: 0,
    });
    const search = await t.call('GET', '/api/city/ledger/transfers?code=allocation', { cookie: admin });
    expect(search.body.transfers).toHaveLength(Number(calls.allocations));
    expect(search.body.transfers[0]).toMatchObject({
      code: 'allocation',
      debitKind: 'call_budget',
      creditKind: 'household_voucher',
      createdBy: 'system:demo',
    });
    expect((await t.call('GET', '/api/city/ledger/transfers?code=nonsense', { cookie: admin })).status).toBe(400);
  });

  it('funds the programme once per id, refuses the id reused for another amount, and bad amounts move nothing', async () => {
    const id = randomUUID();
    const transfers = await count(t.db, 'ledger_transfers');
    const first = await t.call('POST', '/api/city/ledger/fund', { cookie: admin, body: { id, amount: 5_000_00 } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id, result: 'ok' });
    const again = await t.call('POST', '/api/city/ledger/fund', { cookie: admin, body: { id, amount: 5_000_00 } });
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('exists');
    const different = await t.call('POST', '/api/city/ledger/fund', { cookie: admin, body: { id, amount: 6_000_00 } });
    expect(different.status).toBe(409);
    expect(different.body.error).toMatchObject({
      code: 'transfer_refused',
      fields: [{ path: 'id', code: 'transfer_result_exists_with_different_fields' }],
    });
    for (const amount of [0, -1, 1.5, 2 ** 53, '100']) {
      const bad = await t.call('POST', '/api/city/ledger/fund', { cookie: admin, body: { id: randomUUID(), amount } });
      expect(bad.status, String(amount)).toBe(400);
    }
    expect(await count(t.db, 'ledger_transfers')).toBe(transfers + 1);
    const audit = await t.db.query<{ created_by: string }>('SELECT created_by FROM ledger_transfers WHERE id = $1', [id]);
    expect(audit[0].created_by).toMatch(/^user:/);
  });
});
