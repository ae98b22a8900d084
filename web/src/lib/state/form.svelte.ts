import * as v from 'valibot';
import { tick } from 'svelte';
import { issueToField } from '$shared/validation';
import { t } from '$lib/i18n';
import { errorText, fieldErrors } from '$lib/services/api';

/**
 * A form checked with the same valibot schema the server uses: errors appear beside each field as
 * the person types (once they have tried to send), and the server's own answer lands in the same places.
 */
export class FormState<S extends v.GenericSchema> {
  errors = $state<Record<string, string>>({});
  message = $state<string | null>(null);
  busy = $state(false);
  #attempted = false;

  constructor(private readonly schema: S) {}

  /** Re-checks while typing, but only after a first attempt: no red text before the person has finished. */
  recheck(values: unknown): void {
    if (this.#attempted) this.#validate(values);
  }

  /** Back to a fresh form: no messages until the next attempt (after a success, or for another person). */
  reset(): void {
    this.#attempted = false;
    this.errors = {};
    this.message = null;
  }

  /** Checks and sends; `form` is where to look for the first field to fix. */
  async submit(values: unknown, action: (input: v.InferOutput<S>) => Promise<void>, form?: HTMLFormElement): Promise<void> {
    this.#attempted = true;
    const input = this.#validate(values);
    if (!input) {
      // Take the person to the first thing to fix in this form, once its message is on the page.
      await tick();
      // (No page at all where a feature module is tested without a browser.)
      (form ?? globalThis.document)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.message = null;
    try {
      await action(input);
    } catch (error) {
      this.errors = fieldErrors(error);
      this.message = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  #validate(values: unknown): v.InferOutput<S> | null {
    const result = v.safeParse(this.schema, values);
    const errors: Record<string, string> = {};
    for (const issue of result.issues ?? []) {
      const { path, code } = issueToField(issue);
      errors[path] ??= t(code);
    }
    this.errors = errors;
    return result.success ? result.output : null;
  }
}

/** What a number field holds: Svelte binds `<input type="number">` to a number (null when empty), a text field to a string. */
export type NumberField = string | number | null | undefined;

/** A number field as the schema reads it: empty or not a number becomes NaN, so the schema names the field. */
export function numberField(value: NumberField): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return value;
  return value.trim() === '' ? NaN : Number(value.replace(',', '.'));
}

/** Whether a number field was left empty (an optional number: a credit price). */
export function isBlank(value: NumberField): boolean {
  return value === null || value === undefined || String(value).trim() === '';
}
