import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb } from '../../../tests/support/database';
import { ManualClock } from '../../clock';
import type { Db } from '../../store/db';
import { createLedgerService, type LedgerService } from './ledger.service';
import type { TransferInput, TransferResult } from '$shared/ledger';

const HOUR = 60 * 60 * 1000;
/** Four accounts: the city's funding source (may go below zero) and three that may not. */
const ACCOUNTS = 4;
const FLAGGED = [false, true, true, true];

type Op =
  | { op: 'single' | 'pending'; debit: number; credit: number; amount: number; ttlHours: number }
  | { op: 'post'; pending: number; amount: number | null }
  | { op: 'void'; pending: number }
  | { op: 'replay'; transfer: number; changeAmount: boolean }
  | { op: 'advance'; hours: number }
  | { op: 'sweep' };

const amount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 500 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -3, 2.5, 2 ** 53) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('single' as const),
      debit: fc.nat(ACCOUNTS - 1),
      credit: fc.nat(ACCOUNTS - 1),
      amount,
      ttlHours: fc.constant(0),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('pending' as const),
      debit: fc.nat(ACCOUNTS - 1),
      credit: fc.nat(ACCOUNTS - 1),
      amount,
      ttlHours: fc.integer({ min: 1, max: 48 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('post' as const),
      pending: fc.nat(20),
      amount: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), pending: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replay' as const), transfer: fc.nat(30), changeAmount: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'sweep' as const }) },
);

type Sums = { debitsPending: number; debitsPosted: number; creditsPending: number; creditsPosted: number };
type ModelHold = { id: string; debit: number; credit: number; amount: number; timeoutMs: number; resolved: 'posted' | 'voided' | null };

/** What the balances should be: the ledger's rules written the plainest possible way. */
class Model {
  sums: Sums[] = Array.from({ length: ACCOUNTS }, () => ({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 }));
  holds: ModelHold[] = [];
  accepted: TransferInput[] = [];

  transfer(debit: number, credit: number, value: number, hold: ModelHold | null): TransferResult {
    if (!Number.isSafeInteger(value) || value <= 0) return 'invalid_amount';
    if (debit === credit) return 'same_account';
    const d = this.sums[debit];
    if (FLAGGED[debit] && d.debitsPending + d.debitsPosted + value > d.creditsPosted) return 'insufficient_funds';
    if (hold) {
      d.debitsPending += value;
      this.sums[credit].creditsPending += value;
      this.holds.push(hold);
    } else {
      d.debitsPosted += value;
      this.sums[credit].creditsPosted += value;
    }
    return 'ok';
  }

  resolve(hold: ModelHold | undefined, post: boolean, value: number | null, nowMs: number): TransferResult {
    if (!hold) return 'pending_not_found';
    if (hold.resolved === 'posted') return 'pending_already_posted';
    if (hold.resolved === 'voided') return 'pending_already_voided';
    if (post && value !== null && value > hold.amount) return 'amount_exceeds_pending';
    if (post && hold.timeoutMs <= nowMs) return 'pending_expired';
    this.sums[hold.debit].debitsPending -= hold.amount;
    this.sums[hold.credit].creditsPending -= hold.amount;
    if (post) {
      this.sums[hold.debit].debitsPosted += value ?? hold.amount;
      this.sums[hold.credit].creditsPosted += value ?? hold.amount;
    }
    hold.resolved = post ? 'posted' : 'voided';
    return 'ok';
  }
}

describe.each(ENGINES)('the ledger against a model, random sequences (%s)', (engine) => {
  let db: Db;
  let clock: ManualClock;
  let ledger: LedgerService;
  beforeAll(async () => {
    db = await openTestDb(engine);
    clock = new ManualClock('2026-11-25T10:00:00Z');
    ledger = createLedgerService(db, clock);
  });
  afterAll(() => db.close());

  it('matches the model and keeps every invariant after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        // Fresh accounts for every run, so runs never see each other.
        const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
        await ledger.createAccounts(
          ids.map((id, i) => ({
            id,
            ledger: 'EUR' as const,
            kind: i === 0 ? 'city_funding' : 'household_voucher',
            ownerType: 'city' as const,
            ownerId: 'property',
            debitsMustNotExceedCredits: FLAGGED[i],
          })),
        );
        const model = new Model();

        for (const op of ops) {
          const nowMs = clock.now().getTime();
          let expected: TransferResult | number;
          let actual: TransferResult | number;
          if (op.op === 'single' || op.op === 'pending') {
            const id = randomUUID();
            const timeoutAt = op.op === 'pending' ? new Date(nowMs + op.ttlHours * HOUR) : null;
            const input: TransferInput = {
              id,
              kind: op.op,
              debitAccountId: ids[op.debit],
              creditAccountId: ids[op.credit],
              amount: op.amount,
              ledger: 'EUR',
              code: 'allocation',
              timeoutAt,
              createdBy: 'property',
            };
            expected = model.transfer(
              op.debit,
              op.credit,
              op.amount,
              timeoutAt
                ? { id, debit: op.debit, credit: op.credit, amount: op.amount, timeoutMs: timeoutAt.getTime(), resolved: null }
                : null,
            );
            [actual] = await ledger.createTransfers([input]);
            if (expected === 'ok') model.accepted.push(input);
          } else if (op.op === 'post' || op.op === 'void') {
            const hold = model.holds[op.pending % Math.max(1, model.holds.length)];
            const value = op.op === 'post' ? op.amount : null;
            const input: TransferInput =
              op.op === 'post'
                ? {
                    id: randomUUID(),
                    kind: 'post_pending',
                    pendingId: hold?.id ?? randomUUID(),
                    ...(value === null ? {} : { amount: value }),
                    createdBy: 'property',
                  }
                : { id: randomUUID(), kind: 'void_pending', pendingId: hold?.id ?? randomUUID(), createdBy: 'property' };
            expected = model.resolve(hold, op.op === 'post', value, nowMs);
            [actual] = await ledger.createTransfers([input]);
            if (expected === 'ok') model.accepted.push(input);
          } else if (op.op === 'replay') {
            if (model.accepted.length === 0) continue;
            const original = model.accepted[op.transfer % model.accepted.length];
            const changed = op.changeAmount && (original.kind === 'single' || original.kind === 'pending');
            expected = changed ? 'exists_with_different_fields' : 'exists';
            [actual] = await ledger.createTransfers([
              changed ? ({ ...original, amount: (original as { amount: number }).amount + 1 } as TransferInput) : original,
            ]);
          } else if (op.op === 'advance') {
            clock.advance(op.hours * HOUR);
            continue;
          } else {
            const lapsed = model.holds.filter((h) => h.resolved === null && h.timeoutMs <= nowMs);
            for (const h of lapsed) model.resolve(h, false, null, nowMs);
            expected = lapsed.length;
            actual = await ledger.voidLapsedHolds();
          }
          expect(actual, JSON.stringify(op)).toBe(expected);

          const rows = await db.query<Record<string, string>>(
            'SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_balances WHERE id = ANY($1::uuid[])',
            [ids],
          );
          const stored = new Map(
            rows.map((r) => [
              r.id,
              {
                debitsPending: Number(r.debits_pending),
                debitsPosted: Number(r.debits_posted),
                creditsPending: Number(r.credits_pending),
                creditsPosted: Number(r.credits_posted),
              },
            ]),
          );
          expect(ids.map((id) => stored.get(id))).toEqual(model.sums);
          const failed = (await ledger.verify()).filter((c) => !c.ok);
          expect(failed).toEqual([]);
        }
        // Release this run's open holds so a later run's sweep counts only its own.
        const open = model.holds.filter((h) => h.resolved === null);
        const released = await ledger.createTransfers(
          open.map((h) => ({ id: randomUUID(), kind: 'void_pending' as const, pendingId: h.id, createdBy: 'property' })),
        );
        expect(released.every((r) => r === 'ok')).toBe(true);
      }),
      { numRuns: engine === 'pglite' ? 150 : 60 },
    );
  }, 240_000);

  it('decides a concurrent flood of mixed transfers exactly as one after another would', async () => {
    const [source, wallet, payee] = [randomUUID(), randomUUID(), randomUUID()];
    await ledger.createAccounts([
      { id: source, ledger: 'EUR', kind: 'city_funding', ownerType: 'city', ownerId: 'x', debitsMustNotExceedCredits: false },
      { id: wallet, ledger: 'EUR', kind: 'household_voucher', ownerType: 'household', ownerId: 'x', debitsMustNotExceedCredits: true },
      { id: payee, ledger: 'EUR', kind: 'provider_payable', ownerType: 'provider', ownerId: 'x', debitsMustNotExceedCredits: false },
    ]);
    await ledger.createTransfers([
      {
        id: randomUUID(),
        kind: 'single',
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 1_000,
        ledger: 'EUR',
        code: 'allocation',
        createdBy: 't',
      },
    ]);
    const spends = Array.from({ length: 300 }, (_, i): TransferInput => ({
      id: randomUUID(),
      kind: i % 3 === 0 ? 'pending' : 'single',
      debitAccountId: wallet,
      creditAccountId: payee,
      amount: 7,
      ledger: 'EUR',
      code: 'redemption',
      timeoutAt: i % 3 === 0 ? new Date(clock.now().getTime() + HOUR) : null,
      createdBy: 't',
    }));
    const results = (await Promise.all(spends.map((s) => ledger.createTransfers([s])))).flat();
    // 1000 / 7 = 142 whole spends fit, whatever mix of holds and payments took them.
    expect(results.filter((r) => r === 'ok')).toHaveLength(142);
    expect(results.filter((r) => r === 'insufficient_funds')).toHaveLength(158);
    expect((await ledger.verify()).every((c) => c.ok)).toBe(true);
  });
});
