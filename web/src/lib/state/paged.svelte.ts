import { errorText } from '$lib/services/api';

/** A list the API pages newest first (keyed by a sequence number): the first page, then "show more". */
export class PagedList<T> {
  items = $state<T[]>([]);
  next = $state<number | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly fetchPage: (before: number | null) => Promise<{ items: T[]; next: number | null }>) {}

  /** Loads from the start (`null`), or the page before a cursor, appending it. */
  async load(before: number | null = null): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await this.fetchPage(before);
      this.items = before === null ? page.items : [...this.items, ...page.items];
      this.next = page.next;
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.loading = false;
    }
  }

  more(): Promise<void> {
    return this.next === null ? Promise.resolve() : this.load(this.next);
  }
}
