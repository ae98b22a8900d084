import { api } from '$lib/services/api';

/** A hub's home: its place and how many minors live in its municipio. */
export async function hubOverview() {
  return (await (await api.hub.overview.$get()).json()).overview;
}
