import { api } from '$lib/services/api';
import { m } from '$lib/i18n';
import { FormState } from '$lib/state/form.svelte';
import { OpportunityInputSchema } from '$shared/opportunities';
import { emptyOpportunity, opportunityOf, type OpportunityDraft } from './opportunity-draft';

/**
 * A hub lists one of its own rewards: it is the hub's word, so it goes straight to the market.
 * Create it while a component starts: the form is checked again as the person types.
 */
export class HubReward {
  draft = $state<OpportunityDraft>() as OpportunityDraft;
  readonly form = new FormState(OpportunityInputSchema);
  /** The reward just listed, in words. */
  created = $state<string | null>(null);

  constructor(private readonly hubId: string) {
    this.draft = emptyOpportunity(hubId);
    $effect(() => this.form.recheck(opportunityOf(this.draft)));
  }

  /** Checks and lists the reward; true once it is in the market (the form is then empty again). */
  async create(form?: HTMLFormElement): Promise<boolean> {
    this.created = null;
    let listed = false;
    await this.form.submit(
      opportunityOf(this.draft),
      async (input) => {
        await api.hub.opportunities.$post({ json: input });
        this.draft = emptyOpportunity(this.hubId);
        this.form.reset();
        this.created = m.hub_opps_created({ title: input.title });
        listed = true;
      },
      form,
    );
    return listed;
  }
}
