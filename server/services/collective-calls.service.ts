import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { refusing, Refused, type Result } from '../errors';
import { derivedId } from '../ids';
import * as store from '../store/collective-calls';
import { audit } from '../store/accounts';
import { insertAccounts } from '../store/ledger';
import type { LedgerService } from './ledger/ledger.service';
import { fundCallBudget } from './ledger/call-budget';
import { callBudgetId, collectiveVoucherAccount, collectiveVoucherId } from './ledger/accounts';
import { applicationCode } from '$shared/calls';
import { allocate } from '$shared/ranking';
import {
  pointsOf,
  rankCollective,
  type CollectiveApplication,
  type CollectiveApplicationStatus,
  type CollectiveApplyInput,
  type CollectiveCall,
  type CollectiveCallInput,
  type CollectiveReview,
} from '$shared/collective-calls';

/** A collective call with what it has taken and handed out so far. */
export type CollectiveCallSummary = CollectiveCall & { applications: number; funded: number; allocatedCents: number };

/**
 * The collective voucher call: the city opens it with a budget moved from the programme's; schools,
 * associations and groups apply without an account (a code follows their application); the city
 * scores or excludes each; after the close it ranks them and funds them in rank order, each with a
 * collective voucher of its own, in one transaction.
 */
export function createCollectiveCallsService(db: Db, clock: Clock, ledger: LedgerService) {
  async function summary(call: CollectiveCall): Promise<CollectiveCallSummary> {
    const applications = await store.applicationsOf(db, call.id);
    const funded = applications.filter((a) => a.status === 'funded');
    return {
      ...call,
      applications: applications.length,
      funded: funded.length,
      allocatedCents: funded.reduce((s, a) => s + a.amountCents, 0),
    };
  }

  return {
    list: async (): Promise<CollectiveCallSummary[]> => Promise.all((await store.listCalls(db)).map(summary)),

    /** The calls anyone may apply to now. */
    open: (): Promise<CollectiveCall[]> => store.openCalls(db, clock.now()),

    create(input: CollectiveCallInput, by: string) {
      return refusing<{ call: CollectiveCall }, 'call_budget_insufficient'>(() =>
        db.transaction(async (tx) => {
          const id = randomUUID();
          const now = clock.now();
          await store.insertCall(tx, id, input, by, now);
          await fundCallBudget(tx, ledger, { id, amount: input.budgetCents, refType: 'collective_call', by, now });
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'collective_call_create',
            objectType: 'collective_call',
            objectId: id,
            details: { budgetCents: input.budgetCents },
          });
          return { call: (await store.loadCall(tx, id))! };
        }),
      );
    },

    /** An application, taken while the call is open; sent again, it answers the same code. */
    async apply(
      callId: string,
      input: CollectiveApplyInput,
    ): Promise<Result<{ code: string }, 'call_not_found' | 'call_not_open' | 'collective_amount_too_high' | 'application_exists'>> {
      const call = await store.loadCall(db, callId);
      if (!call) return { ok: false, code: 'call_not_found' };
      const again = await store.applicationById(db, input.id);
      if (again) return again.callId === callId ? { ok: true, code: again.code } : { ok: false, code: 'application_exists' };
      const now = clock.now();
      if (now < new Date(call.opensAt) || now >= new Date(call.closesAt)) return { ok: false, code: 'call_not_open' };
      if (input.amountCents > call.maxAmountCents) return { ok: false, code: 'collective_amount_too_high' };
      // A new code until one is free: 30^8 codes, so a clash is rare and a retry ends it.
      for (;;) {
        const code = applicationCode(randomBytes(8));
        const taken = await store.applicationByCode(db, code);
        if (taken) continue;
        if (await store.insertApplication(db, callId, code, input, now)) return { ok: true, code };
        // The same id arrived meanwhile (two taps): it is that one.
        const first = (await store.applicationById(db, input.id))!;
        return first.callId === callId ? { ok: true, code: first.code } : { ok: false, code: 'application_exists' };
      }
    },

    /** Where an application stands, for whoever holds its code. */
    async status(code: string): Promise<CollectiveApplicationStatus | null> {
      const application = await store.applicationByCode(db, code);
      if (!application) return null;
      const call = (await store.loadCall(db, application.callId))!;
      return {
        code: application.code,
        callName: call.name,
        projectTitle: application.project.title,
        amountCents: application.amountCents,
        status: application.status,
        points: application.points,
        rank: application.rank,
        reason: application.reason,
      };
    },

    async applications(callId: string): Promise<Result<{ call: CollectiveCall; applications: CollectiveApplication[] }, 'call_not_found'>> {
      const call = await store.loadCall(db, callId);
      if (!call) return { ok: false, code: 'call_not_found' };
      return { ok: true, call, applications: await store.applicationsOf(db, callId) };
    },

    /** The city scores an application, or excludes it with a reason; it may change its mind until the call is allocated. */
    review(callId: string, applicationId: string, decision: CollectiveReview, by: string) {
      return refusing<object, 'call_not_found' | 'application_not_found' | 'application_not_reviewable'>(() =>
        db.transaction(async (tx) => {
          const call = await store.loadCall(tx, callId, true);
          if (!call) throw new Refused('call_not_found');
          const application = await store.applicationById(tx, applicationId);
          if (!application || application.callId !== callId) throw new Refused('application_not_found');
          if (call.allocatedAt) throw new Refused('application_not_reviewable');
          const now = clock.now();
          await store.review(
            tx,
            applicationId,
            decision.decision === 'score'
              ? { status: 'scored', scores: decision.scores, points: pointsOf(decision.scores) }
              : { status: 'excluded', reason: decision.reason },
            by,
            now,
          );
          await audit(tx, {
            at: now,
            actorId: by,
            action: decision.decision === 'score' ? 'collective_score' : 'collective_exclude',
            objectType: 'collective_application',
            objectId: applicationId,
            details: decision.decision === 'score' ? { scores: decision.scores } : { reason: decision.reason },
          });
          return {};
        }),
      );
    },

    /**
     * Once the call has closed and every application is reviewed: the scored ones in rank order, each
     * funded with its whole amount while the budget lasts (the first that does not fit, and all after
     * it, wait), each funded one with a collective voucher of its own. Once per call.
     */
    allocate(callId: string, by: string) {
      return refusing<
        { funded: number; waiting: number; allocatedCents: number },
        'call_not_found' | 'call_window_open' | 'call_wrong_status' | 'collective_not_reviewed'
      >(() =>
        db.transaction(async (tx) => {
          const call = await store.loadCall(tx, callId, true);
          if (!call) throw new Refused('call_not_found');
          if (call.allocatedAt) throw new Refused('call_wrong_status');
          const now = clock.now();
          if (now < new Date(call.closesAt)) throw new Refused('call_window_open');
          const applications = await store.applicationsOf(tx, callId);
          if (applications.some((a) => a.status === 'submitted')) throw new Refused('collective_not_reviewed');
          const ranked = rankCollective(
            applications.filter((a) => a.status === 'scored').map((a) => ({ ...a, points: a.points!, code: a.code })),
          );
          const { funded, waiting, allocatedCents } = allocate(call.budgetCents, ranked);
          await fundVouchers(tx, call, funded, by);
          await store.setOutcome(tx, [
            ...funded.map((a) => ({ id: a.id, rank: a.rank, funded: true })),
            ...waiting.map((a) => ({ id: a.id, rank: a.rank, funded: false })),
          ]);
          await store.markAllocated(tx, callId, now);
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'collective_allocate',
            objectType: 'collective_call',
            objectId: callId,
            details: { funded: funded.length, waiting: waiting.length, allocatedCents },
          });
          return { funded: funded.length, waiting: waiting.length, allocatedCents };
        }),
      );
    },
  };

  async function fundVouchers(tx: Queryable, call: CollectiveCall, funded: { id: string; amountCents: number }[], by: string) {
    if (funded.length === 0) return;
    await insertAccounts(
      tx,
      funded.map((a) => collectiveVoucherAccount(a.id)),
      clock.now(),
    );
    const results = await ledger.createTransfersIn(
      tx,
      funded.map((a) => ({
        id: derivedId('collective-allocation', a.id),
        kind: 'single' as const,
        debitAccountId: callBudgetId(call.id),
        creditAccountId: collectiveVoucherId(a.id),
        amount: a.amountCents,
        ledger: 'EUR' as const,
        code: 'allocation' as const,
        createdBy: `user:${by}`,
        ref: { type: 'collective_application', id: a.id },
      })),
    );
    const refused = results.find((r) => r !== 'ok');
    if (refused) throw new Error(`A collective allocation was refused: ${refused}`);
  }
}

export type CollectiveCallsService = ReturnType<typeof createCollectiveCallsService>;
