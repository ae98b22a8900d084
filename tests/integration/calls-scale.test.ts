import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/database';
import { TestApp } from '../support/app';
import { seedMilan, seedMilanApplications, MILAN } from '../../server/seed/milan';
import { createServices, type Services } from '../../server/services';
import { providerAccounts, providerPayableId } from '../../server/services/ledger/accounts';
import { insertAccounts } from '../../server/store/ledger';
import { DEFAULT_RULES } from '$shared/calls';
import type { TransferInput } from '$shared/ledger';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const BUDGET = 2_000_000_00;

/**
 * The real programme's size in Milan: 20,000 households apply to a EUR 2,000,000 call, which is
 * ranked, published and allocated; families spend, the deadline passes, the sweep returns the rest,
 * and the call reconciles to the cent, with the ledger's own checks agreeing.
 */
describe.each(ENGINES)('a Milan-sized call (%s)', (engine) => {
  let t: TestApp;
  let services: Services;
  let callId: string;
  let adminId: string;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: at(0) });
    await seedMilan(t.db, t.clock.now(), () => {});
    services = createServices(t.db, t.clock);
    const admin = await t.signIn('admin@demo.wishmi.test');
    adminId = (await t.call('GET', '/api/me', { cookie: admin })).body.me.id;
    expect((await t.call('POST', '/api/city/ledger/fund', { cookie: admin, body: { id: randomUUID(), amount: BUDGET } })).status).toBe(201);
  }, 300_000);
  afterAll(() => t.close());

  it('ranks and allocates 20,000 applications until the budget is spent, spends, expires and reconciles to the cent', async () => {
    const text = { it: 'WISH MI 2027', en: 'WISH MI 2027', ar: '', zh: '', es: '' };
    const created = await services.calls.create(
      {
        name: text,
        description: { ...text, it: 'Il bando dell’anno, su scala reale.' },
        budgetCents: BUDGET,
        opensAt: at(-HOUR),
        closesAt: at(30 * DAY),
        spendingDeadline: at(200 * DAY),
        graceHours: 24,
        rules: DEFAULT_RULES,
      },
      adminId,
    );
    if (!created.ok) throw new Error(created.code);
    callId = created.call.id;
    expect(await seedMilanApplications(t.db, callId, t.clock.now())).toBe(MILAN.households);

    t.clock.set(at(31 * DAY + HOUR));
    for (const step of ['close', 'rank', 'publish'] as const) expect((await services.calls[step](callId, adminId)).ok).toBe(true);
    const allocated = await services.calls.allocate(callId, adminId);
    if (!allocated.ok) throw new Error(allocated.code);
    const { dashboard } = allocated;
    expect(dashboard.applications).toBe(MILAN.households);
    expect(dashboard.eligible + dashboard.excluded).toBe(MILAN.households);
    expect(dashboard.funded + dashboard.waiting).toBe(dashboard.eligible);
    expect(dashboard.funded).toBeGreaterThan(5_000);
    expect(dashboard.waiting).toBeGreaterThan(0);
    expect(dashboard.allocatedCents + dashboard.unallocatedCents).toBe(BUDGET);
    // The first household waiting did not fit in what was left.
    const [next] = (await services.calls.review(callId, 'waiting', 0)).lines;
    expect(next.amountCents!).toBeGreaterThan(dashboard.unallocatedCents);
    expect(dashboard.reconciled).toBe(true);

    // Families spend: 3,000 vouchers pay an activity, 500 more hold a booking past the deadline.
    const funded = await t.db.query<{ account: string; amount: number }>(
      "SELECT voucher_account_id AS account, amount_cents AS amount FROM call_applications WHERE call_id = $1 AND status = 'funded' ORDER BY rank LIMIT 3500",
      [callId],
    );
    const [provider] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Ente 1'");
    await insertAccounts(t.db, providerAccounts(provider.id), t.clock.now());
    const spends: TransferInput[] = funded.map((v, i) => ({
      id: randomUUID(),
      kind: i < 3000 ? 'single' : 'pending',
      debitAccountId: v.account,
      creditAccountId: providerPayableId(provider.id),
      amount: Math.min(v.amount, 85_00),
      ledger: 'EUR',
      code: i < 3000 ? 'redemption' : 'booking_hold',
      createdBy: 'test',
      timeoutAt: i < 3000 ? null : new Date(at(260 * DAY)),
    }));
    expect(new Set(await services.ledger.createTransfers(spends))).toEqual(new Set(['ok']));

    // The city revokes the top household's voucher: the waiting list moves up in rank order.
    const [top] = (await services.calls.review(callId, 'funded', 0)).lines;
    const revoked = await services.calls.revoke(callId, top.applicationId, 'Dichiarazione non veritiera.', adminId);
    if (!revoked.ok) throw new Error(revoked.code);

    t.clock.set(at(201 * DAY + HOUR));
    const before = (await services.calls.get(callId))!.dashboard;
    const swept = await services.calls.sweep(callId, 'job:test');
    if (!swept.ok) throw new Error(swept.code);
    expect(swept.report.returnedCents).toBe(before.availableCents);
    expect(swept.report.vouchers).toBeGreaterThan(5_000);
    const after = swept.dashboard;
    expect(after).toMatchObject({
      availableCents: 0,
      expiredCents: before.availableCents,
      spentCents: before.spentCents,
      heldCents: before.heldCents,
      reconciled: true,
    });
    expect(after.allocatedCents + after.unallocatedCents).toBe(BUDGET);
    expect(after.allocatedCents).toBe(after.spentCents + after.heldCents + after.expiredCents + after.availableCents);
    expect(after.byMunicipio.reduce((sum, m) => sum + m.allocatedCents, 0)).toBe(after.allocatedCents);
    expect((await services.calls.sweep(callId, 'job:test')).ok && (await services.calls.get(callId))!.dashboard.expiredCents).toBe(
      before.availableCents,
    );
    expect((await services.ledger.verify()).filter((check) => !check.ok)).toEqual([]);
  }, 600_000);
});
