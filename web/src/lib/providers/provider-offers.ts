import { api } from '$lib/services/api';

/** A provider's own offers, with their sessions. */
export async function providerOffers() {
  return (await (await api.provider.offers.$get()).json()).offers;
}
