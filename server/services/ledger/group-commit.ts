/**
 * Gathers the work of concurrent callers into one batch: whatever arrives while a batch is being
 * written goes into the next one, up to a size bound. Each caller gets back its own slice of results.
 * If a shared batch fails (nothing of it was written), each caller's work runs again alone, so only
 * the caller whose work fails gets the error.
 *
 * With a depth above one, a batch that has been handed to the database (the runner calls `sent`) lets
 * the next one be gathered and started before it is answered: at most `depth` are handed over at once.
 */
type Waiting<I, R> = { items: I[]; resolve: (results: R[]) => void; reject: (error: unknown) => void };
export type BatchRunner<I, R> = (items: I[], sent: () => void) => Promise<R[]>;

export class GroupCommit<I, R> {
  #queue: Waiting<I, R>[] = [];
  /** A batch being gathered or decided, not yet handed over. */
  #starting = false;
  /** Batches handed to the database and not yet answered. */
  #handedOver = 0;

  constructor(
    private readonly run: BatchRunner<I, R>,
    private readonly maxItems: number,
    private readonly depth = 1,
  ) {}

  submit(items: I[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#starting || this.#handedOver >= this.depth || this.#queue.length === 0) return;
    this.#starting = true;
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
    let handed = false;
    const sent = () => {
      if (handed) return;
      handed = true;
      this.#starting = false;
      this.#handedOver++;
      this.#schedule();
    };
    try {
      const results = await this.run(
        taken.flatMap((t) => t.items),
        sent,
      );
      let offset = 0;
      for (const t of taken) {
        t.resolve(results.slice(offset, offset + t.items.length));
        offset += t.items.length;
      }
    } catch (error) {
      if (taken.length === 1) taken[0].reject(error);
      // One caller's failure must not become everyone's: each runs again on its own.
      else for (const t of taken) await this.run(t.items, () => {}).then(t.resolve, t.reject);
    } finally {
      if (handed) this.#handedOver--;
      else this.#starting = false;
      this.#schedule();
    }
  }
}
