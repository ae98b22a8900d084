// `npm run bench -- calls`: a Milan-sized call (20,000 households) ranked and allocated, and its
// expiry swept, against a baseline in the same run: the same work one voucher per transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { openPglite } from '../../server/store/db';
import { migrate } from '../../server/store/migrate';
import { ManualClock } from '../../server/clock';
import { createServices } from '../../server/services';
import { seedDemo } from '../../server/seed/demo';
import { seedMilan, seedMilanApplications } from '../../server/seed/milan';
import { derivedId } from '../../server/ids';
import * as calls from '../../server/store/calls';
import { insertAccounts } from '../../server/store/ledger';
import {
  callBudgetId,
  CITY_FUNDING,
  EXPIRED_RETURN,
  householdVoucherAccount,
  householdVoucherId,
  PROGRAMME_BUDGET,
} from '../../server/services/ledger/accounts';
import { DEFAULT_RULES, type CallInput } from '$shared/calls';

const DAY = 86_400_000;
const BASELINE = 1_000;
/** Enough for about 14,000 of the 20,000 households, as the sweep target assumes. */
const BUDGET = 4_000_000_00;

const dir = mkdtempSync(join(tmpdir(), 'wishmi-bench-calls-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  const start = Date.parse('2026-11-25T10:00:00Z');
  const clock = new ManualClock(new Date(start));
  await migrate(db);
  await seedDemo(db, clock.now());
  process.stdout.write('calls: seeding 20,000 households… ');
  await seedMilan(db, clock.now(), () => {});
  console.log('done');
  const services = createServices(db, clock);
  const [{ id: admin }] = await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'admin@demo.wishmi.test'");
  await services.ledger.createTransfers([
    {
      id: randomUUID(),
      kind: 'single',
      debitAccountId: CITY_FUNDING,
      creditAccountId: PROGRAMME_BUDGET,
      amount: 2 * BUDGET,
      ledger: 'EUR',
      code: 'funding',
      createdBy: 'bench',
    },
  ]);
  const at = (days: number) => new Date(start + days * DAY).toISOString();
  const text = (name: string) => ({ it: name, en: '', ar: '', zh: '', es: '' });
  const input: CallInput = {
    name: text('Bando misurato'),
    description: text('Un bando su scala reale, misurato.'),
    budgetCents: BUDGET,
    opensAt: at(-1),
    closesAt: at(30),
    spendingDeadline: at(200),
    graceHours: 0,
    rules: DEFAULT_RULES,
  };
  const open = async () => {
    const created = await services.calls.create(input, admin);
    if (!created.ok) throw new Error(created.code);
    await seedMilanApplications(db, created.call.id, clock.now());
    return created.call.id;
  };
  const ours = await open();
  const baseline = await open();
  clock.set(at(31));
  for (const id of [ours, baseline]) for (const step of ['close', 'rank', 'publish'] as const) await services.calls[step](id, admin);
  // `close` and `publish` are the city's clicks; ranking and allocation are what is measured.
  await db.query("UPDATE calls SET status = 'closed' WHERE id = $1", [ours]);
  const t0 = performance.now();
  await services.calls.rank(ours, admin);
  await services.calls.publish(ours, admin);
  const allocated = await services.calls.allocate(ours, admin);
  const allocateMs = performance.now() - t0;
  if (!allocated.ok) throw new Error(allocated.code);

  // The baseline: the same allocation one household per transaction, for the first 1,000 in rank order.
  const call = (await calls.loadCall(db, baseline))!;
  const first = (await calls.inRankOrder(db, baseline, 'eligible')).slice(0, BASELINE);
  const b0 = performance.now();
  for (const a of first) {
    await db.transaction(async (tx) => {
      await insertAccounts(tx, [householdVoucherAccount(a.householdId, baseline, new Date(call.spendingDeadline))], clock.now());
      await services.ledger.createTransfersIn(tx, [
        {
          id: derivedId('call-allocation', a.id),
          kind: 'single',
          debitAccountId: callBudgetId(baseline),
          creditAccountId: householdVoucherId(a.householdId, baseline),
          amount: a.amountCents,
          ledger: 'EUR',
          code: 'allocation',
          createdBy: 'bench',
        },
      ]);
      await calls.setFunded(tx, [{ id: a.id, accountId: householdVoucherId(a.householdId, baseline) }]);
    });
  }
  const baselineAllocateMs = performance.now() - b0;

  clock.set(at(201));
  const s0 = performance.now();
  const swept = await services.calls.sweep(ours, 'job:bench');
  const sweepMs = performance.now() - s0;
  if (!swept.ok) throw new Error(swept.code);
  const expired = await calls.expiredWithBalance(db, baseline, clock.now(), BASELINE);
  const e0 = performance.now();
  for (const v of expired) {
    await db.transaction((tx) =>
      services.ledger.createTransfersIn(tx, [
        {
          id: derivedId('expiry-return', v.accountId, String(v.debitsPosted)),
          kind: 'single',
          debitAccountId: v.accountId,
          creditAccountId: EXPIRED_RETURN,
          amount: v.available,
          ledger: 'EUR',
          code: 'expiry_return',
          createdBy: 'bench',
        },
      ]),
    );
  }
  const baselineSweepMs = performance.now() - e0;
  if (!swept.dashboard.reconciled) throw new Error('The call does not reconcile');

  const perAllocation = allocateMs / allocated.funded;
  const perBaselineAllocation = baselineAllocateMs / first.length;
  const perSweep = sweepMs / swept.report.vouchers;
  const perBaselineSweep = baselineSweepMs / expired.length;
  console.log(
    `calls: baseline allocated ${first.length} vouchers one per transaction in ${baselineAllocateMs.toFixed(0)} ms and returned ${expired.length} in ${baselineSweepMs.toFixed(0)} ms`,
  );
  console.log(
    `calls: per voucher ${(perBaselineAllocation / perAllocation).toFixed(1)}× faster to allocate (ranking included) and ${(perBaselineSweep / perSweep).toFixed(1)}× faster to sweep than the baseline`,
  );
  console.log(
    `calls: ranked and allocated ${allocated.dashboard.applications} applications in ${allocateMs.toFixed(0)} ms, expiry swept ${swept.report.vouchers} vouchers in ${sweepMs.toFixed(0)} ms`,
  );
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
