import { api } from '$lib/services/api';

/** The programme across the city: households, minors, providers, offers and hubs, overall and by municipio. */
export async function cityOverview() {
  return (await (await api.city.overview.$get()).json()).overview;
}
