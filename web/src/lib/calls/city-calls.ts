import { api } from '$lib/services/api';

/** Every call, with its figures: the city's list. */
export async function cityCalls() {
  return (await (await api.city.calls.$get()).json()).calls;
}
