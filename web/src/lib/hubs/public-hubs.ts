import { api } from '$lib/services/api';

/** The open hubs, for anyone: no sign-in needed. */
export async function openHubs() {
  return (await (await api.hubs.$get()).json()).hubs;
}

/** One hub's public page: the hub and the activities near it. */
export async function hubPage(id: string) {
  return await (await api.hubs[':id'].$get({ param: { id } })).json();
}

/** Directions to a place, on OpenStreetMap (works in any browser, no account, no app). */
export function directionsUrl(place: { lat: number; lon: number }): string {
  return `https://www.openstreetmap.org/directions?to=${place.lat}%2C${place.lon}`;
}
