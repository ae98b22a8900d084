import type { AccountState } from './engine';

/**
 * The committed state of accounts, kept in memory where this process is the database's only writer
 * (embedded PGlite: the data directory is locked to one server). A batch then reads from the database
 * only the accounts it has not met before, which is a fifth of the ledger's database work.
 *
 * It is filled only with states a transaction has committed, and a write it did not see (a transfer
 * made inside another transaction) takes those accounts out (`forget`). Should a state still be stale,
 * it is never written over what is there: sums are written only over the version they were decided on.
 */
export class AccountCache {
  #states = new Map<string, AccountState>();

  constructor(private readonly capacity = 500_000) {}

  /** Copies of the cached accounts among `ids` (the engine changes them while deciding), and the ids it lacks. */
  take(ids: string[]): { found: AccountState[]; missing: string[] } {
    const found: AccountState[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const state = this.#states.get(id);
      if (state) found.push({ ...state });
      else missing.push(id);
    }
    return { found, missing };
  }

  /** Keeps the states a batch committed. */
  remember(states: Iterable<AccountState>): void {
    if (this.#states.size > this.capacity) this.#states.clear();
    for (const state of states) this.#states.set(state.id, { ...state });
  }

  /** Drops accounts changed behind the cache's back. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.#states.delete(id);
  }
}

// One cache per database, whichever service instance over it writes.
const caches = new WeakMap<object, AccountCache>();

export function accountCacheFor(db: object): AccountCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new AccountCache()));
  return cache;
}
