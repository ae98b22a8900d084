import { session } from '$lib/state/session.svelte';
import { device } from './device.svelte';
import { Live } from './live.svelte';
import { showGame } from './optimistic';

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

/**
 * The signed-in youth's play as this device holds it, with what waits to be sent on top (`showGame`):
 * read like a `Live` (`value`, `loaded`). `now` tells which week the streak is in (a ServerClock's).
 */
class LiveGame {
  #stored = new Live(() => (device.engine && session.me ? device.game(session.me.id) : null));
  readonly value = $derived.by(() => {
    const stored = this.#stored.value;
    return stored?.game ? showGame(stored.game, stored.pending, this.now()) : undefined;
  });

  constructor(readonly now: () => Date) {}

  get loaded(): boolean {
    return this.#stored.loaded;
  }
}

export const liveGame = (now: () => Date = () => new Date()) => new LiveGame(now);

/** A guardian's view of the children's play as this device holds it. */
export const liveFamilyGame = () => new Live(() => (device.engine && session.me?.household ? device.familyGame(session.me.household.id) : null));

/** The signed-in youth's opportunities for credits as this device holds them, with the outbox. */
export const liveOpportunities = () => new Live(() => (device.engine && session.me ? device.opportunities(session.me.id) : null));
