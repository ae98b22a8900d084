import { api } from '$lib/services/api';

/** A provider's home: its standing with the city and its offers. */
export async function providerOverview() {
  return (await (await api.provider.overview.$get()).json()).overview;
}
