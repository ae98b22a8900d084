import { api } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { DecisionSchema, type Decision, type ProviderRecord } from '$shared/provider';

/**
 * The city reviews one provider: its file, and a decision on it with the reason the provider reads.
 * The decision names the status the city saw, so another admin's decision since is not overwritten
 * unseen. Create it while a component starts: the form is checked again as the person types.
 */
export class CityProviderReview {
  readonly provider: Resource<ProviderRecord>;
  decision = $state<Decision | ''>('');
  reason = $state('');
  /** The decision taken, in words. */
  done = $state<string | null>(null);
  readonly form = new FormState(DecisionSchema);

  constructor(private readonly id: string) {
    this.provider = new Resource(async () => (await (await api.city.providers[':id'].$get({ param: { id } })).json()).provider);
    $effect(() => this.form.recheck(this.values()));
  }

  values() {
    return { decision: this.decision || undefined, reason: this.reason, expectedStatus: this.provider.data?.status };
  }

  async decide(form?: HTMLFormElement): Promise<void> {
    this.done = null;
    await this.form.submit(
      this.values(),
      async (input) => {
        try {
          const result = await (await api.city.providers[':id'].decision.$post({ param: { id: this.id }, json: input })).json();
          this.provider.data = result.provider;
          this.done = result.released > 0 ? m.providers_decided_released({ count: result.released }) : m.providers_decided();
          this.decision = '';
          this.reason = '';
          this.form.reset();
        } finally {
          // Someone else decided meanwhile: show the provider as it now stands before anything else.
          if (!this.done) await this.provider.reload();
        }
      },
      form,
    );
  }
}
