import { device } from '$lib/sync/device.svelte';

/** How long typing may pause before the draft is written: often enough that closing the app loses nothing. */
const DRAFT_SAVE_DELAY_MS = 400;

/**
 * A form's values kept on this device as the person types, and given back when they come back to it
 * (closed the app, lost the signal, the phone ran out of battery). Create it while a component starts:
 * it follows the form through effects. `value` is null until the saved draft (or a fresh one) is read.
 */
export class DeviceDraft<T extends object> {
  value = $state<T | null>(null);
  /** Whether what shows was left from an earlier visit (to tell the person so). */
  restored = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #finished = false;
  #unsaved: unknown = undefined;
  #written = '';

  /** `key`: where the draft is kept; read when the component starts (a page for another call is a new component). */
  constructor(
    private readonly key: () => string,
    fresh: () => T,
  ) {
    $effect(() => {
      if (!device.engine || this.value) return;
      let cancelled = false;
      void device
        .draft<T>(key())
        .catch(() => undefined)
        .then((saved) => {
          if (cancelled || this.value) return;
          // A draft from an older form may lack fields added since: the fresh values fill them in.
          this.value = saved ? { ...fresh(), ...saved } : fresh();
          this.restored = saved !== undefined;
          this.#written = JSON.stringify(this.value);
        });
      return () => (cancelled = true);
    });
    $effect(() => {
      if (!this.value) return;
      // A deep copy read on every run: a change anywhere in the draft saves it.
      const snapshot = $state.snapshot(this.value);
      // Only what the person changed: a form opened and left untouched leaves no draft behind.
      if (this.#finished || JSON.stringify(snapshot) === this.#written) return;
      this.#unsaved = snapshot;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#write(), DRAFT_SAVE_DELAY_MS);
    });
    // Leaving the page, or the app going to the background (where it may be closed), writes at once
    // what the delay still held back.
    $effect(() => {
      const now = () => this.#write();
      const hidden = () => document.visibilityState === 'hidden' && now();
      addEventListener('pagehide', now);
      document.addEventListener('visibilitychange', hidden);
      return () => {
        removeEventListener('pagehide', now);
        document.removeEventListener('visibilitychange', hidden);
        now();
      };
    });
  }

  #write(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const value = this.#unsaved;
    this.#unsaved = undefined;
    if (value === undefined || this.#finished) return;
    this.#written = JSON.stringify(value);
    void device.saveDraft(this.key(), value).catch(() => undefined);
  }

  /** The form was sent (or is no longer wanted): forget the draft, and stop saving it. */
  async discard(): Promise<void> {
    this.#finished = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#unsaved = undefined;
    await device.dropDraft(this.key()).catch(() => undefined);
  }
}
