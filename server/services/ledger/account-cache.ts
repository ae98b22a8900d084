import type { AccountState } from './engine';

/**
 * The committed state of accounts, kept in memory where this process is the database's only writer
 * (embedded PGlite: the data directory is locked to one server). A batch then reads from the database
 * only the accounts it has not met before, which is a fifth of the ledger's database work.
 *
 * The cache is only ever filled with states a transaction has committed, and any write it did not see
 * (a transfer made inside another transaction, see `forget`) empties those accounts and makes every
 * batch already under way skip filling it: a stale balance can never be decided on.
 */
export class AccountCache {
  #states = new Map<string, AccountState>();
  #epoch = 0;

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

  /** A mark to hand back to `remember`: states read after it may be kept only if nothing was forgotten since. */
  mark(): number {
    return this.#epoch;
  }

  /** Keeps the states a batch committed, unless a write the cache did not see happened since `mark`. */
  remember(states: Iterable<AccountState>, mark: number): void {
    if (mark !== this.#epoch) return;
    if (this.#states.size > this.capacity) this.#states.clear();
    for (const state of states) this.#states.set(state.id, { ...state });
  }

  /** Drops accounts changed behind the cache's back, and voids every mark taken before. */
  forget(ids: Iterable<string>): void {
    this.#epoch++;
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
