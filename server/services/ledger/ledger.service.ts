import { UNIT_EXPECTATION, UNIT_SKIPPED, type Db, type Pipeline, type Queryable, type Statement } from '../../store/db';
import type { Clock } from '../../clock';
import type { AccountInput, TransferInput, TransferResult } from '$shared/ledger';
import { isMove } from '$shared/ledger';
import * as store from '../../store/ledger';
import { derivedId } from '../../ids';
import { batchNeeds, decideBatch } from './engine';
import { GroupCommit } from './group-commit';
import { accountCacheFor, type AccountCache } from './account-cache';
import type { AccountState } from './engine';
import { lostRace, raceOnKey } from '../../store/retry';

/** The most transfers one database transaction takes; TigerBeetle's batch is 8190. */
export const MAX_BATCH = 8190;
/**
 * In the embedded engine's pipeline, callers' transfers are gathered into batches of about this many
 * (one caller's transfers are never split), two at a time in flight: one being written while the
 * next is gathered and decided. Smaller batches pay more per transfer for their transaction; larger
 * ones leave nobody to gather the next from while they are written.
 */
export const PIPELINED_BATCH = 512;
const PIPELINE_DEPTH = 2;
/** A batch that lost a race with another server (a unique id, a deadlock) is decided again. */
const RETRIES = 3;

export type AccountResult = 'ok' | 'exists' | 'exists_with_different_fields';

/**
 * UUIDs compare as text in the engine's maps, while the database hands them back in lower case: an id
 * sent in capitals would miss its own replay. Every id entering the ledger is lower-cased here.
 */
export function normalizeIds(input: TransferInput): TransferInput {
  const id = input.id.toLowerCase();
  if (isMove(input))
    return { ...input, id, debitAccountId: input.debitAccountId.toLowerCase(), creditAccountId: input.creditAccountId.toLowerCase() };
  return { ...input, id, pendingId: input.pendingId.toLowerCase() };
}

/** Thrown when a batch decided without looking for replays met an id already stored: it is decided again. */
class ReplayInBatch extends Error {}

/** Thrown when an account's sums moved on since the batch read them: it is decided again (serialization failure). */
const sumsMoved = () => Object.assign(new Error('An account changed under the batch; it is decided again.'), { code: '40001' });

export type BatchOptions = {
  rowLocks: boolean;
  lookForReplays: boolean;
  /**
   * The states were read before the transaction that writes them (the pipeline): the accounts the
   * batch only reads must be proved unchanged when it commits, as the ones it writes are.
   */
  readAhead?: boolean;
};

/** What a batch decided: one result per transfer, the accounts it loaded as it leaves them, and the statements that write it. */
type Decided = { results: TransferResult[]; accounts: AccountState[]; touched: AccountState[]; statements: Statement[] };

/**
 * Decides a batch: loads (and on PostgreSQL locks) the accounts involved and the holds it resolves,
 * through `known` first where the caller keeps account states, decides every transfer, and answers the
 * statements that write the accepted transfers and the new sums. Those must all touch every row they
 * name: an id stored meanwhile fails the insert, and sums whose row has moved past the version decided
 * on fail the update. `lookForReplays: false` skips reading the batch's ids first, the common case, and
 * checks only the ids it refused; if one is stored already, the batch must be decided again, looking.
 */
async function decide(
  q: Queryable,
  inputs: TransferInput[],
  now: Date,
  options: BatchOptions,
  known?: (ids: string[]) => { found: AccountState[]; missing: string[] },
): Promise<Decided> {
  const needs = batchNeeds(inputs);
  const accountIds = [...new Set([...needs.accountIds, ...(await store.pendingAccountIds(q, needs.pendingIds))])];
  const { found, missing } = known ? known(accountIds) : { found: [], missing: accountIds };
  const accounts = [...found, ...(await store.lockAccounts(q, missing, options.rowLocks))];
  const existing = options.lookForReplays ? await store.findTransfers(q, needs.ids) : [];
  const pendings = await store.findPendings(q, needs.pendingIds);
  // A hold committed by another server between the two reads above names accounts not yet loaded.
  const loaded = new Set(accounts.map((a) => a.id));
  const late = [...new Set(pendings.flatMap((p) => [p.debitAccountId, p.creditAccountId]))].filter((id) => !loaded.has(id));
  if (late.length) accounts.push(...(await store.lockAccounts(q, late, options.rowLocks)));
  const state = {
    accounts: new Map(accounts.map((a) => [a.id, a])),
    existing: new Map(existing.map((t) => [t.id, t])),
    pendings: new Map(pendings.map((p) => [p.id, p])),
  };
  const outcome = decideBatch(inputs, state, now);
  const touched = [...outcome.touched].map((id) => state.accounts.get(id)!);
  const statements: Statement[] = [];
  if (!options.lookForReplays) {
    // A refused transfer may be the replay of one accepted earlier (a spend the balance no longer
    // covers, a hold since voided): its answer must be `exists`, so none of those few ids may be stored.
    const refused = inputs.filter((_, i) => outcome.results[i] !== 'ok').map((t) => t.id);
    if (refused.length) statements.push(store.noneStoredStatement(refused));
  }
  if (options.readAhead) {
    const read = accounts.filter((a) => !outcome.touched.has(a.id));
    if (read.length) statements.push(store.versionsHeldStatement(read));
  }
  if (outcome.accepted.length) statements.push(store.insertTransfersStatement(outcome.accepted, now));
  if (touched.length) statements.push(store.writeAccountSumsStatement(touched));
  return { results: outcome.results, accounts, touched, statements };
}

/** Runs a decided batch's statements in the caller's transaction, checking each touched what it had to. */
async function write(tx: Queryable, statements: Statement[]): Promise<void> {
  for (const statement of statements) {
    const rows = statement.sql.startsWith('SELECT')
      ? (await tx.query(statement.sql, statement.params)).length
      : await tx.count(statement.sql, statement.params);
    if (rows === statement.expect) continue;
    if (statement.sql.startsWith('UPDATE')) throw sumsMoved();
    throw new ReplayInBatch();
  }
}

/** The states a batch's writes leave its accounts in: the touched ones count one more version. */
const written = (decided: Decided): { all: AccountState[]; touched: AccountState[] } => {
  const touched = decided.touched.map((a) => ({ ...a, version: a.version + 1 }));
  const ids = new Set(touched.map((a) => a.id));
  return { all: [...touched, ...decided.accounts.filter((a) => !ids.has(a.id))], touched };
};

/**
 * Decides and writes a batch inside the caller's transaction. A batch that must be decided again
 * throws ReplayInBatch or a serialization failure (40001), to be run again in a fresh transaction.
 */
export async function executeBatch(tx: Queryable, inputs: TransferInput[], now: Date, options: BatchOptions): Promise<TransferResult[]> {
  const decided = await decide(tx, inputs, now, options);
  await write(tx, decided.statements);
  return decided.results;
}

/** What the pipeline knows ahead of the database: one per database, whichever ledger service writes. */
type Ahead = {
  committed: AccountCache;
  /** The states the units in flight leave their accounts in, with the unit that wrote each last. */
  states: Map<string, { state: AccountState; unit: number }>;
  /** The unit sent last, while it is in flight: the next is sent after it. */
  last: number | undefined;
  /** Counts the failures that voided what was decided ahead. */
  generation: number;
};
const aheadByDb = new WeakMap<Db, Ahead>();
function aheadFor(db: Db): Ahead {
  let ahead = aheadByDb.get(db);
  if (!ahead) aheadByDb.set(db, (ahead = { committed: accountCacheFor(db), states: new Map(), last: undefined, generation: 0 }));
  return ahead;
}

/**
 * The embedded engine's pipeline (TigerBeetle's): a batch is decided on the account states the batches
 * still in flight will leave, and sent to the database thread without waiting for them to commit, so
 * the next batch is gathered and decided here while the last is written there. A unit runs only if the
 * one sent before it committed, and writes sums only over the versions it decided on; when one fails,
 * everything decided ahead is dropped and its batches run again the careful way.
 */
function pipelined(db: Db, pipeline: Pipeline, clock: Clock, careful: (inputs: TransferInput[]) => Promise<TransferResult[]>) {
  const ahead = aheadFor(db);
  const known = (ids: string[]) => {
    const found: AccountState[] = [];
    const rest: string[] = [];
    for (const id of ids) {
      const entry = ahead.states.get(id);
      if (entry) found.push({ ...entry.state });
      else rest.push(id);
    }
    const cached = ahead.committed.take(rest);
    return { found: [...found, ...cached.found], missing: cached.missing };
  };

  return {
    async run(inputs: TransferInput[], sent: () => void): Promise<TransferResult[]> {
      const generation = ahead.generation;
      let decided: Decided;
      let unit: number;
      let done: Promise<unknown>;
      try {
        // Reads here are queued behind the units in flight, so they see what those commit.
        decided = await decide(db, inputs, clock.now(), { rowLocks: false, lookForReplays: false, readAhead: true }, known);
        if (ahead.generation !== generation) return careful(inputs);
        ({ unit, done } = pipeline.send(decided.statements, ahead.last));
      } catch {
        return careful(inputs);
      }
      ahead.last = unit;
      const after = written(decided);
      for (const state of after.touched) ahead.states.set(state.id, { state, unit });
      sent();
      try {
        await done;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // What was decided on this unit's outcome is void (the units after it are skipped), unless an
        // earlier failure has voided it already.
        if (ahead.generation === generation) {
          ahead.generation++;
          ahead.states.clear();
          ahead.last = undefined;
        }
        // A state it was decided on may be stale: those accounts are read again next time.
        ahead.committed.forget(decided.accounts.map((a) => a.id));
        if (code === UNIT_SKIPPED || code === UNIT_EXPECTATION || lostRace(error) || raceOnKey(error)) return careful(inputs);
        throw error;
      }
      // Committed: these are the accounts' states now, except where a unit after this one moved them on.
      for (const state of after.touched) {
        if (ahead.states.get(state.id)?.unit === unit) ahead.states.delete(state.id);
      }
      ahead.committed.remember(after.all);
      if (ahead.last === unit) ahead.last = undefined;
      return decided.results;
    },

    /** Accounts written by a transaction outside the pipeline: read them again next time. */
    forget(ids: string[]) {
      ahead.committed.forget(ids);
      for (const id of ids) ahead.states.delete(id);
    },
  };
}

export function createLedgerService(db: Db, clock: Clock) {
  // PGlite runs one transaction at a time, so there row locks protect nothing and cost time.
  const rowLocks = db.kind === 'postgres';
  /** A batch in its own transaction, decided on what it reads there: retried when it lost a race. */
  async function careful(inputs: TransferInput[]): Promise<TransferResult[]> {
    // Replays are rare: decide first as if none, and only on meeting one decide again looking for them.
    let lookForReplays = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const decided = await db.transaction(async (tx) => {
          const decided = await decide(tx, inputs, clock.now(), { rowLocks, lookForReplays });
          await write(tx, decided.statements);
          return decided;
        });
        pipeline?.forget(decided.touched.map((a) => a.id));
        return decided.results;
      } catch (error) {
        const retry = error instanceof ReplayInBatch || lostRace(error) || raceOnKey(error);
        if (!retry || attempt >= RETRIES) throw error;
        lookForReplays = true;
      }
    }
  }
  const pipeline = db.pipeline ? pipelined(db, db.pipeline, clock, careful) : undefined;
  const batcher = pipeline
    ? new GroupCommit<TransferInput, TransferResult>((inputs, sent) => pipeline.run(inputs, sent), PIPELINED_BATCH, PIPELINE_DEPTH)
    : new GroupCommit<TransferInput, TransferResult>((inputs) => careful(inputs), MAX_BATCH);

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
      const decided = await decide(tx, transfers.map(normalizeIds), clock.now(), { rowLocks, lookForReplays: true });
      await write(tx, decided.statements);
      pipeline?.forget(decided.touched.map((a) => a.id));
      return decided.results;
    },

    /** Voids every hold past its timeout, in batches; answers how many it released. Safe to run anywhere, any time. */
    async voidLapsedHolds(batchSize = 1000): Promise<number> {
      let released = 0;
      for (;;) {
        const ids = await store.lapsedHolds(db, clock.now(), batchSize);
        if (ids.length === 0) return released;
        const results = await batcher.submit(
          ids.map((pendingId) => ({
            id: derivedId('hold-lapsed', pendingId),
            kind: 'void_pending' as const,
            pendingId,
            code: 'hold_expired' as const,
            createdBy: 'job:hold-timeout',
          })),
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
