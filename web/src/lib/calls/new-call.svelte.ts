import { api } from '$lib/services/api';
import { FormState } from '$lib/state/form.svelte';
import { CallInputSchema } from '$shared/calls';
import { callOf, emptyCall, type CallDraft } from './call-draft';

/**
 * The city opens a new voucher call: the draft with Milan's default rules, checked with the server's
 * schema as it is typed; once created, the call is opened (`opened`) to run it.
 * Create it while a component starts: the draft is checked again on every change.
 */
export class NewCall {
  draft = $state<CallDraft>() as CallDraft;
  readonly form = new FormState(CallInputSchema);

  constructor(
    private readonly opened: (id: string) => Promise<void>,
    now: Date = new Date(),
  ) {
    this.draft = emptyCall(now);
    // A deep copy read on every run: a change anywhere in the nested draft (a band, a tie-breaker) re-checks it.
    $effect(() => this.form.recheck($state.snapshot(callOf(this.draft))));
  }

  async create(form?: HTMLFormElement): Promise<void> {
    await this.form.submit(
      callOf(this.draft),
      async (input) => {
        const { call } = await (await api.city.calls.$post({ json: input })).json();
        await this.opened(call.id);
      },
      form,
    );
  }
}
