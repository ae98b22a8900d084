/**
 * Gathers the work of concurrent callers into one batch: whatever arrives while a batch is being
 * written goes into the next one, up to a size bound. Each caller gets back its own slice of results.
 * If a shared batch fails (nothing of it was written), each caller's work runs again alone, so only
 * the caller whose work fails gets the error.
 */
type Waiting<I, R> = { items: I[]; resolve: (results: R[]) => void; reject: (error: unknown) => void };

export class GroupCommit<I, R> {
  #queue: Waiting<I, R>[] = [];
  #running = false;

  constructor(
    private readonly run: (items: I[]) => Promise<R[]>,
    private readonly maxItems: number,
  ) {}

  submit(items: I[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running || this.#queue.length === 0) return;
    this.#running = true;
    // setImmediate lets every caller of this turn of the event loop join the batch.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const taken: Waiting<I, R>[] = [];
    let count = 0;
    while (this.#queue.length && (taken.length === 0 || count + this.#queue[0].items.length <= this.maxItems)) {
      const next = this.#queue.shift()!;
      taken.push(next);
      count += next.items.length;
    }
    try {
      const results = await this.run(taken.flatMap((t) => t.items));
      let offset = 0;
      for (const t of taken) {
        t.resolve(results.slice(offset, offset + t.items.length));
        offset += t.items.length;
      }
    } catch (error) {
      if (taken.length === 1) taken[0].reject(error);
      // One caller's failure must not become everyone's: each runs again on its own.
      else for (const t of taken) await this.run(t.items).then(t.resolve, t.reject);
    } finally {
      this.#running = false;
      this.#schedule();
    }
  }
}
