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
      // Any write to the device's database wakes every live query: an answer equal to the last one
      // must not redraw the page.
      let last: string | undefined;
      const subscription = observable.subscribe({
        next: (value) => {
          const json = JSON.stringify(value);
          if (this.loaded && json === last) return;
          last = json;
          this.value = value;
          this.loaded = true;
        },
        error: () => (this.loaded = true),
      });
      return () => subscription.unsubscribe();
    });
  }
}
