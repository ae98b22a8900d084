import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { refuse, refusing, Refused, type Result } from '../errors';
import { lostRace } from '../store/retry';
import { derivedId } from '../ids';
import * as store from '../store/calls';
import { audit } from '../store/accounts';
import { insertAccounts } from '../store/ledger';
import type { LedgerService } from './ledger/ledger.service';
import { fundCallBudget } from './ledger/call-budget';
import { callBudgetId, EXPIRED_RETURN as EXPIRED, householdVoucherAccount, householdVoucherId } from './ledger/accounts';
import type { SessionUser } from './auth.service';
import { allocate, compareForRanking, rank } from '$shared/ranking';
import {
  applicationCode,
  withGrace,
  type ApplyInput,
  type Call,
  type CallDashboard,
  type CallInput,
  type CallStatus,
  type ReviewLine,
  type SweepReport,
} from '$shared/calls';
import { assess, referenceDay } from '$shared/eligibility';
import { csv } from '$shared/statements';
import type { TransferInput } from '$shared/ledger';

const HOUR_MS = 3_600_000;
/** Vouchers returned to the city per database transaction by the expiry sweep. */
export const SWEEP_BATCH = 2000;

/**
 * A city step that lost a deadlock or serialization race (a family's push locking a voucher, then its
 * call) is simply run again: the family's side retries on its own, and the step changes nothing twice.
 */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !lostRace(error)) throw error;
    }
  }
}

/**
 * Voucher calls: the city creates a call and funds its budget from the programme's; households
 * apply (a sync mutation judged against the window); the city closes the call, ranks, reviews, publishes
 * and allocates in rank order until the budget is spent; a declined or revoked voucher goes to the next
 * household waiting; after the spending deadline the sweep returns what was not spent. Money moves only
 * through the ledger, with ids derived from what it is for, so a re-run moves nothing twice.
 */
export function createCallsService(db: Db, clock: Clock, ledger: LedgerService) {
  async function lockCall(tx: Queryable, id: string, allowed: readonly CallStatus[]): Promise<Call> {
    const call = await store.loadCall(tx, id, true);
    if (!call) throw new Refused('call_not_found');
    if (!allowed.includes(call.status)) throw new Refused('call_wrong_status');
    return call;
  }

  async function transfer(tx: Queryable, transfers: TransferInput[], what: string): Promise<void> {
    const results = await ledger.createTransfersIn(tx, transfers);
    const refused = results.findIndex((r) => r !== 'ok' && r !== 'exists');
    if (refused >= 0) throw new Error(`${what} was refused by the ledger: ${results[refused]} (transfer ${transfers[refused].id})`);
  }

  /** Funds these applications from the call's budget: each household's voucher account, opened for the call, gets its amount. */
  async function fund(
    tx: Queryable,
    call: Call,
    funded: { id: string; householdId: string; amountCents: number }[],
    by: string,
  ): Promise<void> {
    if (funded.length === 0) return;
    const expiresAt = withGrace(call.spendingDeadline, call);
    await insertAccounts(
      tx,
      funded.map((f) => householdVoucherAccount(f.householdId, call.id, expiresAt)),
      clock.now(),
    );
    await transfer(
      tx,
      funded.map((f) => ({
        id: derivedId('call-allocation', f.id),
        kind: 'single',
        debitAccountId: callBudgetId(call.id),
        creditAccountId: householdVoucherId(f.householdId, call.id),
        amount: f.amountCents,
        ledger: 'EUR',
        code: 'allocation',
        createdBy: by,
        ref: { type: 'call', id: call.id },
      })),
      'An allocation',
    );
    await store.setFunded(
      tx,
      funded.map((f) => ({ id: f.id, accountId: householdVoucherId(f.householdId, call.id) })),
    );
  }

  /** The waiting list moves up: households in rank order are funded while what came back covers them. */
  async function refill(tx: Queryable, call: Call, by: string): Promise<number> {
    if (!spendable(call)) return 0;
    const { funded } = allocate(await store.budgetLeft(tx, callBudgetId(call.id)), await store.inRankOrder(tx, call.id, 'waiting'));
    await fund(tx, call, funded, by);
    return funded.length;
  }

  /**
   * What is free on a voucher that ended (declined or revoked) back to its call's budget. The id comes
   * from the voucher's state, so money a released hold frees later goes back too, and none twice.
   */
  async function giveBack(tx: Queryable, call: Call, applicationId: string, accountId: string, by: string): Promise<number> {
    const { available, debitsPosted } = await store.lockVoucher(tx, accountId);
    if (available <= 0) return 0;
    const [result] = await ledger.createTransfersIn(tx, [
      {
        id: derivedId('call-return', applicationId, String(debitsPosted)),
        kind: 'single',
        debitAccountId: accountId,
        creditAccountId: callBudgetId(call.id),
        amount: available,
        ledger: 'EUR',
        code: 'allocation_return',
        createdBy: by,
        ref: { type: 'call', id: call.id },
      },
    ]);
    // Past the spending deadline the money is the expiry sweep's to return, to the city rather than the call.
    if (result === 'deadline_passed') return 0;
    if (result !== 'ok' && result !== 'exists') throw new Error(`Returning voucher ${accountId} was refused: ${result}`);
    return available;
  }

  /** Whether the call's vouchers may still be spent: a voucher funded later would only expire unspent. */
  const spendable = (call: Call) => clock.now() < new Date(call.spendingDeadline);

  /** Draws up the ranking from the applications as they stand: the rules' exclusions, the city's own, and the order. */
  async function rankCall(tx: Queryable, call: Call): Promise<void> {
    const day = referenceDay(call.closesAt);
    const applications = await store.applicationsToRank(tx, call.id);
    const assessed: store.Assessed[] = [];
    const eligible: (store.Assessed & {
      code: string;
      points: NonNullable<store.Assessed['points']>;
      iseeCents: number;
      minors: number;
      submittedAt: string;
      total: number;
    })[] = [];
    for (const a of applications) {
      if (a.manual) {
        assessed.push({
          id: a.id,
          status: 'excluded',
          exclusion: 'manual',
          points: null,
          amountCents: null,
          eligibleMinors: null,
          rank: null,
        });
        continue;
      }
      const result = assess(call.rules, a.facts, day);
      if (!result.eligible)
        assessed.push({
          id: a.id,
          status: 'excluded',
          exclusion: result.reason,
          points: null,
          amountCents: null,
          eligibleMinors: null,
          rank: null,
        });
      else {
        eligible.push({
          id: a.id,
          status: 'eligible',
          exclusion: null,
          points: result.points,
          amountCents: result.amountCents,
          eligibleMinors: result.eligibleMinors,
          rank: null,
          code: a.code,
          iseeCents: a.facts.iseeCents!,
          minors: result.eligibleMinors,
          submittedAt: a.submittedAt,
          total: result.points.total,
        });
      }
    }
    const ranked = rank(
      call.rules.tieBreakers,
      eligible.map((e) => ({ ...e, points: e.total, breakdown: e.points })),
    );
    for (const r of ranked)
      assessed.push({
        id: r.id,
        status: 'eligible',
        exclusion: null,
        points: r.breakdown,
        amountCents: r.amountCents,
        eligibleMinors: r.eligibleMinors,
        rank: r.rank,
      });
    await store.saveAssessments(tx, assessed);
  }

  /** The rules judge one application again; if it is eligible it takes its place, and those after it move down. */
  async function reinstateOne(tx: Queryable, call: Call, applicationId: string): Promise<void> {
    const a = (await store.applicationToRank(tx, applicationId))!;
    const result = assess(call.rules, a.facts, referenceDay(call.closesAt));
    await store.setApplicationStatus(tx, applicationId, 'submitted', null, '');
    if (!result.eligible) {
      await store.saveAssessments(tx, [
        { id: a.id, status: 'excluded', exclusion: result.reason, points: null, amountCents: null, eligibleMinors: null, rank: null },
      ]);
      return;
    }
    const line = {
      code: a.code,
      points: result.points.total,
      iseeCents: a.facts.iseeCents!,
      minors: result.eligibleMinors,
      submittedAt: a.submittedAt,
    };
    const before = compareForRanking(call.rules.tieBreakers);
    const ranked = await store.rankedLines(tx, call.id);
    const place = ranked.find((r) => before(line, r) < 0)?.rank ?? ranked.length + 1;
    await store.insertRanked(tx, call.id, {
      id: a.id,
      status: 'eligible',
      exclusion: null,
      points: result.points,
      amountCents: result.amountCents,
      eligibleMinors: result.eligibleMinors,
      rank: place,
    });
  }

  async function withDashboard(call: Call): Promise<{ call: Call; dashboard: CallDashboard }> {
    return { call, dashboard: await store.dashboard(db, call, callBudgetId(call.id)) };
  }

  async function reviewStep(
    callId: string,
    applicationId: string,
    by: string,
    step: (tx: Queryable, call: Call, application: store.ApplicationRow) => Promise<void>,
    statuses: readonly CallStatus[],
  ): Promise<ReviewLine> {
    await retrying(() =>
      db.transaction(async (tx) => {
        const call = await lockCall(tx, callId, statuses);
        const application = await store.lockApplication(tx, applicationId);
        if (!application || application.callId !== callId) throw new Refused('application_not_found');
        await step(tx, call, application);
      }),
    );
    return (await store.reviewLine(db, applicationId))!;
  }

  /**
   * After the spending deadline (and its grace) every voucher's unspent, unheld money goes back to the
   * city, a batch per transaction. Ids are derived from the account and what it had spent, so a re-run,
   * or two sweepers at once, return nothing twice; money a lapsed hold frees later goes on the next run.
   */
  async function sweepCall(
    id: string,
    by: string,
    onProgress?: (report: SweepReport) => void,
  ): Promise<{ call: Call; report: SweepReport }> {
    const call = await store.loadCall(db, id);
    if (!call) throw new Refused('call_not_found');
    if (call.status !== 'allocated' && call.status !== 'expired') throw new Refused('call_wrong_status');
    if (clock.now() < withGrace(call.spendingDeadline, call)) throw new Refused('call_deadline_not_passed');
    const report: SweepReport = { vouchers: 0, returnedCents: 0, batches: 0 };
    for (;;) {
      const batch = await store.expiredWithBalance(db, id, clock.now(), SWEEP_BATCH);
      if (batch.length === 0) break;
      const results = await ledger.createTransfers(
        batch.map((v) => ({
          id: derivedId('expiry-return', v.accountId, String(v.debitsPosted)),
          kind: 'single' as const,
          debitAccountId: v.accountId,
          creditAccountId: EXPIRED,
          amount: v.available,
          ledger: 'EUR' as const,
          code: 'expiry_return' as const,
          createdBy: by,
          ref: { type: 'call', id },
        })),
      );
      const returned = batch.filter((_, i) => results[i] === 'ok');
      report.vouchers += returned.length;
      report.returnedCents += returned.reduce((sum, v) => sum + v.available, 0);
      report.batches += 1;
      onProgress?.({ ...report });
      // A batch that returned nothing (another sweeper got there first, or a balance moved) would only come back again.
      if (returned.length === 0 || batch.length < SWEEP_BATCH) break;
    }
    if (call.status === 'allocated') await store.setCallStatus(db, id, 'expired');
    if (report.vouchers > 0 || call.status === 'allocated')
      await audit(db, {
        at: clock.now(),
        actorId: by.startsWith('user:') ? by.slice(5) : null,
        action: 'call_sweep',
        objectType: 'call',
        objectId: id,
        details: report,
      });
    return { call: { ...call, status: 'expired' as const }, report };
  }

  return {
    async list(): Promise<(Call & { figures: CallDashboard })[]> {
      const calls = await store.listCalls(db);
      return Promise.all(calls.map(async (call) => ({ ...call, figures: await store.dashboard(db, call, callBudgetId(call.id)) })));
    },

    async get(id: string): Promise<{ call: Call; dashboard: CallDashboard } | null> {
      const call = await store.loadCall(db, id);
      return call ? withDashboard(call) : null;
    },

    /** A new call, its budget moved from the programme's into the call's own account in the same transaction. */
    create(input: CallInput, by: string) {
      return refusing<{ call: Call }, 'call_budget_insufficient'>(() =>
        db.transaction(async (tx) => {
          const id = randomUUID();
          const now = clock.now();
          await store.insertCall(tx, id, input, by, now);
          await fundCallBudget(tx, ledger, { id, amount: input.budgetCents, refType: 'call', by, now });
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'call_create',
            objectType: 'call',
            objectId: id,
            details: { budgetCents: input.budgetCents },
          });
          return { call: (await store.loadCall(tx, id))! };
        }),
      );
    },

    /** Applications stop: only once the window and its grace have passed, so no offline application made in time is lost. */
    close(id: string, by: string) {
      return refusing<{ call: Call; dashboard: CallDashboard }, 'call_not_found' | 'call_wrong_status' | 'call_window_open'>(async () => {
        const call = await db.transaction(async (tx) => {
          const call = await lockCall(tx, id, ['open']);
          const now = clock.now();
          if (now < withGrace(call.closesAt, call)) throw new Refused('call_window_open');
          await store.setCallStatus(tx, id, 'closed');
          await audit(tx, { at: now, actorId: by, action: 'call_close', objectType: 'call', objectId: id });
          return { ...call, status: 'closed' as const };
        });
        return withDashboard(call);
      });
    },

    /** Eligibility, points and places for every application; run again after the city's review, until publication. */
    rank(id: string, by: string) {
      return refusing<{ call: Call; dashboard: CallDashboard }, 'call_not_found' | 'call_wrong_status'>(async () => {
        const call = await db.transaction(async (tx) => {
          const call = await lockCall(tx, id, ['closed', 'ranked']);
          await rankCall(tx, call);
          await store.setCallStatus(tx, id, 'ranked');
          await audit(tx, { at: clock.now(), actorId: by, action: 'call_rank', objectType: 'call', objectId: id });
          return { ...call, status: 'ranked' as const };
        });
        return withDashboard(call);
      });
    },

    /** The city's review excludes an application the rules admitted (a DSU that does not check out), with words the family reads. */
    exclude(callId: string, applicationId: string, reason: string, by: string) {
      return refusing<
        { line: ReviewLine },
        'call_not_found' | 'call_wrong_status' | 'application_not_found' | 'application_not_reviewable'
      >(async () => ({
        line: await reviewStep(
          callId,
          applicationId,
          by,
          async (tx, _call, application) => {
            if (application.status !== 'eligible') throw new Refused('application_not_reviewable');
            await store.excludeRanked(tx, applicationId, reason);
            await audit(tx, {
              at: clock.now(),
              actorId: by,
              action: 'application_exclude',
              objectType: 'call_application',
              objectId: applicationId,
              details: { reason },
            });
          },
          ['ranked'],
        ),
      }));
    },

    /** Undoes the city's own exclusion; the rules judge the application again. */
    reinstate(callId: string, applicationId: string, by: string) {
      return refusing<
        { line: ReviewLine },
        'call_not_found' | 'call_wrong_status' | 'application_not_found' | 'application_not_reviewable'
      >(async () => ({
        line: await reviewStep(
          callId,
          applicationId,
          by,
          async (tx, call, application) => {
            if (application.exclusion !== 'manual') throw new Refused('application_not_reviewable');
            await reinstateOne(tx, call, applicationId);
            await audit(tx, {
              at: clock.now(),
              actorId: by,
              action: 'application_reinstate',
              objectType: 'call_application',
              objectId: applicationId,
            });
          },
          ['ranked'],
        ),
      }));
    },

    publish(id: string, by: string) {
      return refusing<{ call: Call; dashboard: CallDashboard }, 'call_not_found' | 'call_wrong_status'>(async () => {
        const call = await db.transaction(async (tx) => {
          const call = await lockCall(tx, id, ['ranked']);
          const now = clock.now();
          await store.setCallStatus(tx, id, 'published', now);
          await audit(tx, { at: now, actorId: by, action: 'call_publish', objectType: 'call', objectId: id });
          return { ...call, status: 'published' as const, publishedAt: now.toISOString() };
        });
        return withDashboard(call);
      });
    },

    /** Vouchers in rank order until the budget is spent; the rest wait for money to come back. */
    allocate(id: string, by: string) {
      return refusing<
        { call: Call; dashboard: CallDashboard; funded: number; waiting: number; allocatedCents: number },
        'call_not_found' | 'call_wrong_status'
      >(async () => {
        const { call, funded, waiting, allocatedCents } = await retrying(() =>
          db.transaction(async (tx) => {
            const call = await lockCall(tx, id, ['published']);
            const result = allocate(await store.budgetLeft(tx, callBudgetId(id)), await store.inRankOrder(tx, id, 'eligible'));
            await fund(tx, call, result.funded, `user:${by}`);
            await store.setWaiting(
              tx,
              result.waiting.map((w) => w.id),
            );
            await store.setCallStatus(tx, id, 'allocated');
            await audit(tx, {
              at: clock.now(),
              actorId: by,
              action: 'call_allocate',
              objectType: 'call',
              objectId: id,
              details: { funded: result.funded.length, waiting: result.waiting.length, allocatedCents: result.allocatedCents },
            });
            return {
              call: { ...call, status: 'allocated' as const },
              funded: result.funded.length,
              waiting: result.waiting.length,
              allocatedCents: result.allocatedCents,
            };
          }),
        );
        return { ...(await withDashboard(call)), funded, waiting, allocatedCents };
      });
    },

    /** The city takes a voucher back (a false declaration): what is unspent returns, and the next household waiting is funded. */
    revoke(callId: string, applicationId: string, reason: string, by: string) {
      let refilled = 0;
      return refusing<
        { line: ReviewLine; refilled: number },
        'call_not_found' | 'call_wrong_status' | 'application_not_found' | 'application_not_reviewable'
      >(async () => {
        refilled = 0;
        const line = await reviewStep(
          callId,
          applicationId,
          by,
          async (tx, call, application) => {
            if (application.status !== 'funded' || !application.voucherAccountId) throw new Refused('application_not_reviewable');
            await giveBack(tx, call, applicationId, application.voucherAccountId, `user:${by}`);
            await store.setApplicationStatus(tx, applicationId, 'revoked', null, reason);
            refilled = await refill(tx, call, `user:${by}`);
            await audit(tx, {
              at: clock.now(),
              actorId: by,
              action: 'application_revoke',
              objectType: 'call_application',
              objectId: applicationId,
              details: { reason, refilled },
            });
          },
          ['allocated'],
        );
        return { line, refilled };
      });
    },

    /** A guardian applies (the `call.apply` mutation, inside the push's transaction). The window was judged by the sync layer. */
    async apply(tx: Queryable, user: SessionUser, args: ApplyInput, receivedAt: Date): Promise<Result> {
      if (!user.householdId || args.householdId !== user.householdId) return { ok: false, code: 'forbidden' };
      const call = await store.shareCallOpening(tx, args.callId);
      if (!call) return { ok: false, code: 'call_not_found' };
      if (call.status !== 'open' || receivedAt < call.opensAt) return { ok: false, code: 'call_not_open' };
      if ((await store.householdApplied(tx, args.callId, user.householdId)) || (await store.applicationExists(tx, args.id)))
        return { ok: false, code: 'application_exists' };
      const household = await store.householdFacts(tx, user.householdId);
      if (!household) return { ok: false, code: 'forbidden' };
      const facts = {
        resident: args.resident,
        iseeCents: args.iseeCents,
        minors: household.minors,
        disabledAdults: args.disabledAdults,
        singleParent: args.singleParent,
      };
      for (;;) {
        const code = applicationCode(randomBytes(8));
        const stored = await store.insertApplication(tx, {
          id: args.id,
          callId: args.callId,
          householdId: user.householdId,
          code,
          municipio: household.municipio,
          facts,
          dsu: args.dsu,
          by: user.id,
          at: receivedAt,
        });
        if (stored) break;
        // Another device of the household applied at the same moment, or this id was taken: not a new code's problem.
        if ((await store.householdApplied(tx, args.callId, user.householdId)) || (await store.applicationExists(tx, args.id)))
          return { ok: false, code: 'application_exists' };
      }
      await audit(tx, {
        at: receivedAt,
        actorId: user.id,
        action: 'call_apply',
        objectType: 'call_application',
        objectId: args.id,
        details: { callId: args.callId },
      });
      return { ok: true };
    },

    /** When the application window closes, for the sync layer's judgement of late arrivals. */
    async applicationDeadline(tx: Queryable, callId: string): Promise<{ at: Date; graceMs: number } | null> {
      const end = await store.applicationWindowEnd(tx, callId);
      return end ? { at: end.closesAt, graceMs: end.graceHours * HOUR_MS } : null;
    },

    /** A guardian gives a voucher back before using it (the `call.decline` mutation); the next household waiting gets it. */
    async decline(tx: Queryable, user: SessionUser, applicationId: string): Promise<Result> {
      const callId = await store.callOfApplication(tx, applicationId, user.householdId);
      if (!user.householdId || !callId) return { ok: false, code: 'application_not_found' };
      try {
        const call = await lockCall(tx, callId, ['allocated']);
        const application = (await store.lockApplication(tx, applicationId))!;
        if (application.status !== 'funded' || !application.voucherAccountId) return { ok: false, code: 'application_not_reviewable' };
        // After the deadline nothing can be spent or passed on: the sweep returns it to the city.
        if (!spendable(call)) return { ok: false, code: 'deadline_passed' };
        if ((await store.lockVoucher(tx, application.voucherAccountId)).used) return { ok: false, code: 'voucher_in_use' };
        const by = `user:${user.id}`;
        await giveBack(tx, call, applicationId, application.voucherAccountId, by);
        await store.setApplicationStatus(tx, applicationId, 'declined', null, '');
        const refilled = await refill(tx, call, by);
        await audit(tx, {
          at: clock.now(),
          actorId: user.id,
          action: 'application_decline',
          objectType: 'call_application',
          objectId: applicationId,
          details: { refilled },
        });
        return { ok: true };
      } catch (error) {
        if (error instanceof Refused) return refuse(error.code);
        throw error;
      }
    },

    familyCalls: (q: Queryable, householdId: string) => store.familyCalls(q, householdId, clock.now()),

    /** The published ranking: pseudonymous codes only. */
    async ranking(id: string, page: number) {
      const call = await store.loadCall(db, id);
      if (!call || !call.publishedAt) return null;
      const { lines, total } = await store.rankingLines(db, id, page);
      return { call: { id: call.id, name: call.name, status: call.status, publishedAt: call.publishedAt }, lines, total, page };
    },

    review: (id: string, filter: string, page: number) => store.reviewLines(db, id, filter, page),

    exists: async (id: string) => (await store.loadCall(db, id)) !== null,

    /** The city's own run of the sweep for one call: the report, and the call's figures after it. */
    async sweep(id: string, by: string, onProgress?: (report: SweepReport) => void) {
      return refusing<
        { call: Call; dashboard: CallDashboard; report: SweepReport },
        'call_not_found' | 'call_wrong_status' | 'call_deadline_not_passed'
      >(async () => {
        const { call, report } = await sweepCall(id, by, onProgress);
        return { ...(await withDashboard(call)), report };
      });
    },

    /** Every call whose spending deadline has passed, swept: the scheduled job and `npm run sweep`. */
    async sweepAll(onProgress?: (callId: string, report: SweepReport) => void): Promise<SweepReport> {
      const total: SweepReport = { vouchers: 0, returnedCents: 0, batches: 0 };
      for (const id of await store.callsPastDeadline(db, clock.now())) {
        const { report } = await sweepCall(id, 'job:expiry', (report) => onProgress?.(id, report));
        total.vouchers += report.vouchers;
        total.returnedCents += report.returnedCents;
        total.batches += report.batches;
      }
      return total;
    },

    /**
     * Money freed on a voucher after it ended (a hold of a revoked voucher released, a booking of it
     * cancelled) goes back to its call, and the waiting list moves up — while the call's vouchers may
     * still be spent. Answers how many households were funded. Scheduled, and part of `npm run sweep`.
     */
    async reclaim(): Promise<number> {
      let refilled = 0;
      for (const { callId, applicationId, accountId } of await store.endedWithBalance(db, clock.now())) {
        refilled += await retrying(() =>
          db.transaction(async (tx) => {
            const call = await store.loadCall(tx, callId, true);
            if (!call || call.status !== 'allocated' || !spendable(call)) return 0;
            await giveBack(tx, call, applicationId, accountId, 'job:reclaim');
            return refill(tx, call, 'job:reclaim');
          }),
        );
      }
      return refilled;
    },

    async csv(id: string, kind: 'applications' | 'municipi'): Promise<string | null> {
      const call = await store.loadCall(db, id);
      if (!call) return null;
      if (kind === 'applications') {
        const lines = await store.allReviewLines(db, id);
        return csv([
          ['code', 'municipio', 'status', 'exclusion', 'rank', 'points', 'isee_eur', 'minors', 'amount_eur', 'submitted_at'],
          ...lines.map((l) => [
            l.code,
            l.municipio,
            l.status,
            l.exclusion,
            l.rank,
            l.points?.total ?? null,
            (l.iseeCents / 100).toFixed(2),
            l.minors,
            l.amountCents === null ? null : (l.amountCents / 100).toFixed(2),
            l.submittedAt,
          ]),
        ]);
      }
      const { dashboard } = await withDashboard(call);
      const euros = (cents: number) => (cents / 100).toFixed(2);
      return csv([
        [
          'municipio',
          'applications',
          'eligible',
          'excluded',
          'funded',
          'waiting',
          'declined',
          'revoked',
          'allocated_eur',
          'spent_eur',
          'held_eur',
          'expired_eur',
          'available_eur',
        ],
        ...[...dashboard.byMunicipio, { ...dashboard, municipio: 'total' }].map((f) => [
          f.municipio,
          f.applications,
          f.eligible,
          f.excluded,
          f.funded,
          f.waiting,
          f.declined,
          f.revoked,
          euros(f.allocatedCents),
          euros(f.spentCents),
          euros(f.heldCents),
          euros(f.expiredCents),
          euros(f.availableCents),
        ]),
      ]);
    },
  };
}

export type CallsService = ReturnType<typeof createCallsService>;
