import { api } from '$lib/services/api';
import { currentLocale, m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { readEuros } from '$lib/components/calls/format';
import { HubFundingSchema, type FundingSource, type HubBudget, type HubFunding } from '$shared/micro-projects';
import { formatCents } from '$shared/money';

type BudgetView = { budget: HubBudget; fundings: HubFunding[] };

/**
 * A hub's budget for micro-projects as the city keeps it: the figures, the fundings with their source,
 * and the form that puts money in. The form's transfer id is kept until the money has moved, so a
 * second click, or a retry after a lost answer, moves it once. Create it while a component starts.
 */
export class HubBudgetManager {
  readonly view: Resource<BudgetView>;
  funding = $state({ amount: '', source: 'city' as FundingSource, note: '' });
  readonly form = new FormState(HubFundingSchema);
  done = $state<string | null>(null);
  #id = crypto.randomUUID();

  constructor(private readonly hubId: string) {
    this.view = new Resource(async () => await (await api.city.hubs[':id'].budget.$get({ param: { id: hubId } })).json());
    $effect(() => this.form.recheck(this.#input()));
  }

  #input() {
    return { id: this.#id, amount: readEuros(this.funding.amount) ?? NaN, source: this.funding.source, note: this.funding.note };
  }

  async fund(form?: HTMLFormElement): Promise<void> {
    this.done = null;
    await this.form.submit(
      this.#input(),
      async (input) => {
        const reply = await api.city.hubs[':id'].budget.fund.$post({ param: { id: this.hubId }, json: input });
        this.view.data = await reply.json();
        this.done = m.hub_budget_funded({ amount: formatCents(input.amount, currentLocale()) });
        this.funding = { amount: '', source: input.source, note: '' };
        this.#id = crypto.randomUUID();
        this.form.reset();
      },
      form,
    );
  }
}
