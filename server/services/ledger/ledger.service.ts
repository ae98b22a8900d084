import type { Db, Queryable } from '../../store/db';
import type { Clock } from '../../clock';
import type { AccountInput, TransferInput, TransferResult } from '$shared/ledger';
import { isMove } from '$shared/ledger';
import * as store from '../../store/ledger';
import { derivedId } from '../../ids';
import { batchNeeds, decideBatch } from './engine';
import { GroupCommit } from './group-commit';
import { accountCacheFor, type AccountCache } from './account-cache';
import type { AccountState } from './engine';

/** The most transfers one database transaction takes; TigerBeetle's batch is 8190. */
export const MAX_BATCH = 8190;
/** A batch that lost a race with another server (a unique id, a deadlock) is decided again. */
const RETRIES = 3;
const RETRYABLE = new Set(['23505', '40001', '40P01']);

export type AccountResult = 'ok' | 'exists' | 'exists_with_different_fields';

/**
 * UUIDs compare as text in the engine's maps, while the database hands them back in lower case: an id
 * sent in capitals would miss its own replay. Every id entering the ledger is lower-cased here.
 */
export function normalizeIds(input: TransferInput): TransferInput {
  const id = input.id.toLowerCase();
  if (isMove(input)) return { ...input, id, debitAccountId: input.debitAccountId.toLowerCase(), creditAccountId: input.creditAccountId.toLowerCase() };
  return { ...input, id, pendingId: input.pendingId.toLowerCase() };
}

/** Thrown when a batch decided without looking for replays met an id already stored: it is decided again. */
class ReplayInBatch extends Error {}

export type BatchOptions = {
  rowLocks: boolean;
  lookForReplays: boolean;
  /** Committed account states to decide on instead of reading them (embedded database only). */
  cache?: AccountCache;
};

/**
 * Decides and writes a batch inside the caller's transaction: reads (and on PostgreSQL locks) the
 * accounts involved and the holds it resolves, decides every transfer, then writes the accepted
 * transfers and the new sums. `lookForReplays: false` skips reading the batch's ids first, the
 * common case, and checks only the ids it refused or could not insert; if one turns out to be stored
 * already, the batch throws ReplayInBatch and must be run again, in a fresh transaction, looking for them.
 */
export async function executeBatch(tx: Queryable, inputs: TransferInput[], now: Date, options: BatchOptions): Promise<TransferResult[]> {
  return (await decideAndWrite(tx, inputs, now, options)).results;
}

/** executeBatch, answering also every account it loaded, as the batch leaves them. */
async function decideAndWrite(
  tx: Queryable,
  inputs: TransferInput[],
  now: Date,
  options: BatchOptions,
): Promise<{ results: TransferResult[]; accounts: AccountState[] }> {
  const needs = batchNeeds(inputs);
  const accountIds = [...new Set([...needs.accountIds, ...(await store.pendingAccountIds(tx, needs.pendingIds))])];
  const { found, missing } = options.cache ? options.cache.take(accountIds) : { found: [], missing: accountIds };
  const accounts = [...found, ...(await store.lockAccounts(tx, missing, options.rowLocks))];
  const existing = options.lookForReplays ? await store.findTransfers(tx, needs.ids) : [];
  const pendings = await store.findPendings(tx, needs.pendingIds);
  // A hold committed by another server between the two reads above names accounts not yet loaded.
  const known = new Set(accounts.map((a) => a.id));
  const late = [...new Set(pendings.flatMap((p) => [p.debitAccountId, p.creditAccountId]))].filter((id) => !known.has(id));
  if (late.length) accounts.push(...(await store.lockAccounts(tx, late, options.rowLocks)));
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
  // An id stored meanwhile (a replay not looked for, or another server's concurrent insert of the same
  // id) fails the insert with a unique violation: the batch is decided again, now seeing it.
  const inserted = await store.insertTransfers(tx, outcome.accepted, now);
  if (inserted !== outcome.accepted.length) throw new ReplayInBatch();
  await store.writeAccountSums(tx, [...outcome.touched].map((id) => state.accounts.get(id)!));
  return { results: outcome.results, accounts };
}

export function createLedgerService(db: Db, clock: Clock) {
  // PGlite runs one transaction at a time, so there row locks protect nothing and cost time; and this
  // process is its only writer, so the accounts' committed state can be kept in memory.
  const rowLocks = db.kind === 'postgres';
  const cache = db.kind === 'pglite' ? accountCacheFor(db) : undefined;
  async function runBatch(inputs: TransferInput[]): Promise<TransferResult[]> {
    // Replays are rare: decide first as if none, and only on meeting one decide again looking for them.
    let lookForReplays = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const mark = cache?.mark() ?? 0;
        const { results, accounts } = await db.transaction((tx) => decideAndWrite(tx, inputs, clock.now(), { rowLocks, lookForReplays, cache }));
        // Committed: these are now the accounts' states.
        cache?.remember(accounts, mark);
        return results;
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
    /** Opens accounts: `ok` when new, `exists` when the same account is already open, `exists_with_different_fields` when the id is another's. */
    async createAccounts(accounts: AccountInput[]): Promise<AccountResult[]> {
      const normalized = accounts.map((a) => ({ ...a, id: a.id.toLowerCase() }));
      const { inserted, stored } = await store.insertAccounts(db, normalized, clock.now());
      const byId = new Map(stored.map((row) => [row.id, row]));
      return normalized.map((a) => {
        if (inserted.has(a.id)) return 'ok';
        const row = byId.get(a.id);
        const same =
          row !== undefined &&
          row.ledger === a.ledger &&
          row.kind === a.kind &&
          row.owner_type === a.ownerType &&
          row.owner_id === a.ownerId &&
          row.debits_must_not_exceed_credits === a.debitsMustNotExceedCredits &&
          (row.expires_at?.getTime() ?? null) === (a.expiresAt?.getTime() ?? null);
        return same ? 'exists' : 'exists_with_different_fields';
      });
    },

    /**
     * Makes a batch of transfers and answers one result per transfer, in order. Concurrent callers
     * share database transactions (group commit); each transfer's id is its idempotency key.
     */
    createTransfers(transfers: TransferInput[]): Promise<TransferResult[]> {
      return batcher.submit(transfers.map(normalizeIds));
    },

    /**
     * The same, inside a transaction the caller already holds (a sync mutation, a domain change). That
     * transaction may still roll back, so the accounts it changes leave the cache, to be read again.
     */
    async createTransfersIn(tx: Queryable, transfers: TransferInput[]): Promise<TransferResult[]> {
      const { results, accounts } = await decideAndWrite(tx, transfers.map(normalizeIds), clock.now(), { rowLocks, lookForReplays: true });
      cache?.forget(accounts.map((a) => a.id));
      return results;
    },

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
