import { session } from '$lib/state/session.svelte';
import { device } from './device.svelte';
import { Live } from './live.svelte';

/** The signed-in person's household as this device holds it, with their waiting changes on top. */
export const liveHousehold = () => new Live(() => (device.engine && session.me?.household ? device.household(session.me.household.id) : null));

/** The household's bookings as this device holds them, with the outbox (to show what waits). */
export const liveBookings = () => new Live(() => (device.engine && session.me?.household ? device.bookings(session.me.household.id) : null));

/** The voucher calls of the household as this device holds them, with applications waiting to be sent. */
export const liveCalls = () => new Live(() => (device.engine && session.me?.household ? device.calls(session.me.household.id) : null));

/** The signed-in person's wallet as last synced to this device. */
export const liveWallet = () => new Live(() => (device.engine && session.me ? device.wallet(session.me.id) : null));

/**
 * Whether cards fed by these views may appear, together so none jumps: once all have something to
 * show, or once nothing more will come (offline, or the sync failing).
 */
export function readyTogether(...views: Live<unknown>[]): boolean {
  if (views.every((view) => view.value !== undefined)) return true;
  return views.some((view) => view.loaded) && (!device.state.online || device.state.lastError !== null);
}
