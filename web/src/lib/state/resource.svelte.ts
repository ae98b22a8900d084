import { errorText } from '$lib/services/api';

/** Data a page loads from the API, with its loading and error states and a way to try again. */
export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(true);

  constructor(private readonly load: () => Promise<T>) {
    void this.reload();
  }

  async reload(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.data = await this.load();
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.loading = false;
    }
  }
}
