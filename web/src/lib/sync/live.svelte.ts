import type { Observable } from 'dexie';

/**
 * A Dexie live query as component state: follows the device's data, so every page and every tab
 * agrees. `make` may answer null while there is nothing to watch yet (no one signed in).
 */
export class Live<T> {
  value = $state<T | undefined>(undefined);
  loaded = $state(false);

  constructor(make: () => Observable<T> | null) {
    $effect(() => {
      const observable = make();
      if (!observable) return;
      const subscription = observable.subscribe({
        next: (value) => {
          this.value = value;
          this.loaded = true;
        },
        error: () => (this.loaded = true),
      });
      return () => subscription.unsubscribe();
    });
  }
}
