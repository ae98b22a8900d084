import type { Db, Queryable } from '../../store/db';
import type { Clock } from '../../clock';
import type { AccountInput, TransferInput, TransferResult } from '$shared/ledger';
import * as store from '../../store/ledger';
import { derivedId } from '../../ids';
import { batchNeeds, decideBatch } from './engine';
import { GroupCommit } from './group-commit';

/** The most transfers one database transaction takes; TigerBeetle's batch is 8190. */
export const MAX_BATCH = 8190;
/** A batch that lost a race with another server (a unique id, a deadlock) is decided again. */
const RETRIES = 3;
const RETRYABLE = new Set(['23505', '40001', '40P01']);

export type AccountResult = 'ok' | 'exists' | 'exists_with_different_fields';

/** Thrown when a batch decided without looking for replays met an id already stored: it is decided again. */
class ReplayInBatch extends Error {}

export type BatchOptions = { rowLocks: boolean; lookForReplays: boolean };

/**
 * Decides and writes a batch inside the caller's transaction: reads (and on PostgreSQL locks) the
 * accounts involved and the holds it resolves, decides every transfer, then writes the accepted
 * transfers and the new sums. `lookForReplays: false` skips reading the batch's ids first, the
 * common case, and checks only the ids it refused or could not insert; if one turns out to be stored
 * already, the batch throws ReplayInBatch and must be run again, in a fresh transaction, looking for them.
 */
export async function executeBatch(
  tx: Queryable,
  inputs: TransferInput[],
  now: Date,
  options: BatchOptions,
): Promise<TransferResult[]> {
  const needs = batchNeeds(inputs);
  const accountIds = [...new Set([...needs.accountIds, ...(await store.pendingAccountIds(tx, needs.pendingIds))])];
  const accounts = await store.lockAccounts(tx, accountIds, options.rowLocks);
  const existing = options.lookForReplays ? await store.findTransfers(tx, needs.ids) : [];
  const pendings = await store.findPendings(tx, needs.pendingIds);
  const state = {
    accounts: new Map(accounts.map((a) => [a.id, a])),
    existing: new Map(existing.map((t) => [t.id, t])),
    pendings: new Map(pendings.map((p) => [p.id, p])),
  };
  const outcome = decideBatch(inputs, state, now);
  if (!options.lookForReplays) {
    // A refused transfer may be the replay of one accepted earlier (a spend the balance no longer
    // covers, a hold since voided): its answer must be `exists`, so look those few ids up.
    const refused = inputs.filter((_, i) => outcome.results[i] !== 'ok').map((t) => t.id);
    if (refused.length && (await store.findTransfers(tx, refused)).length) throw new ReplayInBatch();
  }
  const inserted = await store.insertTransfers(tx, outcome.accepted, now);
  if (inserted !== outcome.accepted.length) {
    if (!options.lookForReplays) throw new ReplayInBatch();
    throw new Error(`Ledger: ${outcome.accepted.length - inserted} transfer(s) appeared while their accounts were locked`);
  }
  await store.writeAccountSums(tx, [...outcome.touched].map((id) => state.accounts.get(id)!));
  return outcome.results;
}

export function createLedgerService(db: Db, clock: Clock) {
  // PGlite runs one transaction at a time, so there row locks protect nothing and cost time.
  const rowLocks = db.kind === 'postgres';
  async function runBatch(inputs: TransferInput[]): Promise<TransferResult[]> {
    // Replays are rare: decide first as if none, and only on meeting one decide again looking for them.
    let lookForReplays = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction((tx) => executeBatch(tx, inputs, clock.now(), { rowLocks, lookForReplays }));
      } catch (error) {
        const code = (error as { code?: string }).code;
        const retry = error instanceof ReplayInBatch || (code !== undefined && RETRYABLE.has(code));
        if (!retry || attempt >= RETRIES) throw error;
        lookForReplays = true;
      }
    }
  }
  const batcher = new GroupCommit(runBatch, MAX_BATCH);

  return {
    /** Opens accounts; an id already taken answers `exists`, or `exists_with_different_fields` if it is another account. */
    async createAccounts(accounts: AccountInput[]): Promise<AccountResult[]> {
      const stored = new Map((await store.insertAccounts(db, accounts, clock.now())).map((row) => [row.id, row]));
      return accounts.map((a) => {
        const row = stored.get(a.id);
        if (!row) return 'exists_with_different_fields';
        const same =
          row.ledger === a.ledger &&
          row.kind === a.kind &&
          row.owner_type === a.ownerType &&
          row.owner_id === a.ownerId &&
          row.debits_must_not_exceed_credits === a.debitsMustNotExceedCredits &&
          (row.expires_at?.getTime() ?? null) === (a.expiresAt?.getTime() ?? null);
        return same ? 'ok' : 'exists_with_different_fields';
      });
    },

    /**
     * Makes a batch of transfers and answers one result per transfer, in order. Concurrent callers
     * share database transactions (group commit); each transfer's id is its idempotency key.
     */
    createTransfers(transfers: TransferInput[]): Promise<TransferResult[]> {
      return batcher.submit(transfers);
    },

    /** The same, inside a transaction the caller already holds (a sync mutation, a domain change). */
    createTransfersIn: (tx: Queryable, transfers: TransferInput[]) => executeBatch(tx, transfers, clock.now(), { rowLocks, lookForReplays: true }),

    /** Voids every hold past its timeout, in batches; answers how many it released. Safe to run anywhere, any time. */
    async voidLapsedHolds(batchSize = 1000): Promise<number> {
      let released = 0;
      for (;;) {
        const ids = await store.lapsedHolds(db, clock.now(), batchSize);
        if (ids.length === 0) return released;
        const results = await batcher.submit(
          ids.map((pendingId) => ({ id: derivedId('hold-lapsed', pendingId), kind: 'void_pending' as const, pendingId, code: 'hold_expired' as const, createdBy: 'job:hold-timeout' })),
        );
        const now = results.filter((r) => r === 'ok').length;
        released += now;
        // A short page is the last; a page where nothing could be voided would only come back again.
        if (ids.length < batchSize || now === 0) return released;
      }
    },

    verify: () => store.checkInvariants(db),
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
