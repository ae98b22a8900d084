import { api } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import type { ProviderStatus } from '$shared/provider';

/** The city's list of providers, by status: applications waiting for an answer first, as that is the city's work. */
export class CityProviders {
  /** The status shown; '' for every provider. */
  status = $state<ProviderStatus | ''>('applied');
  readonly list = new Resource(
    async () => await (await api.city.providers.$get({ query: this.status ? { status: this.status } : {} })).json(),
  );

  show(status: ProviderStatus | ''): Promise<void> {
    this.status = status;
    return this.list.reload();
  }
}
