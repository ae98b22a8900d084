import { entityId, type Entity, type EntityData } from '$shared/entities';
import type { Mutation } from '$shared/sync';
import { session } from '$lib/state/session.svelte';
import { device } from './device.svelte';
import { Live } from './live.svelte';
import { show, type ShowExtra, type Shown } from './registry';

/** The id the signed-in person's copy of an entity is kept under (null: signed out, or no household). */
function ownId(entity: Entity): string | null {
  const me = session.me;
  return me ? entityId(entity, { id: me.id, householdId: me.household?.id ?? null }) : null;
}

/** An entity as this device holds it for the signed-in person, and the outbox: read like a `Live`. */
export const liveStored = <E extends Entity>(entity: E): Live<{ data: EntityData[E] | undefined; pending: Mutation[] }> =>
  new Live(() => {
    const id = ownId(entity);
    return device.engine && id ? device.stored(entity, id) : null;
  });

/**
 * An entity of the signed-in person as this device holds it, with what waits to be sent on top
 * (`show`): read like a `Live` (`value`, `loaded`). `extra` gives what its view needs of the page
 * (the clock, the catalogue copy), read again whenever it changes.
 */
class LiveEntity<E extends Entity> {
  #stored: Live<{ data: EntityData[E] | undefined; pending: Mutation[] }>;
  readonly value = $derived.by((): Shown<E> | undefined => {
    const stored = this.#stored.value;
    if (!stored) return undefined;
    return (show as (entity: E, data: EntityData[E] | undefined, pending: Mutation[], extra?: ShowExtra<E>) => Shown<E> | undefined)(
      this.entity,
      stored.data,
      stored.pending,
      this.extra?.(),
    );
  });

  constructor(
    readonly entity: E,
    readonly extra?: () => ShowExtra<E>,
  ) {
    this.#stored = liveStored(entity);
  }

  get loaded(): boolean {
    return this.#stored.loaded;
  }
}

export const liveEntity = <E extends Entity>(entity: E, extra?: () => ShowExtra<E>) => new LiveEntity(entity, extra);

/** The signed-in person's household as this device holds it, with their waiting changes on top. */
export const liveHousehold = () => liveEntity('household');

/** The household's bookings as this device holds them, and the outbox (a page shows what waits with the catalogue copy). */
export const liveBookings = () => liveStored('bookings');

/** The voucher calls of the household as this device holds them, with applications waiting to be sent. */
export const liveCalls = () => liveEntity('calls');

/** The signed-in person's wallet as last synced. */
export const liveWallet = () => liveEntity('wallet');

/** The signed-in youth's play, with what waits to be sent on top. `now` tells which week the streak is in (a ServerClock's). */
export const liveGame = (now: () => Date = () => new Date()) => liveEntity('game', () => ({ now: now() }));

/** A guardian's view of the children's play, with reminder switches waiting to be sent on top. */
export const liveFamilyGame = () => liveEntity('family_game');

/** The signed-in youth's opportunities for credits as this device holds them, and the outbox. */
export const liveOpportunities = () => liveStored('opportunities');

/** The activities the signed-in person saved, with those saved or let go offline on top. */
export const liveSaved = () => liveEntity('saved');

/** The micro-project rounds the signed-in person may take part in, with ideas and ballots waiting to be sent on top. */
export const liveRounds = () => liveEntity('rounds');

/**
 * Whether cards fed by these views may appear, together so none jumps: once all have something to
 * show, or once nothing more will come (offline, or the sync failing).
 */
export function readyTogether(...views: { value: unknown; loaded: boolean }[]): boolean {
  if (views.every((view) => view.value !== undefined)) return true;
  return views.some((view) => view.loaded) && (!device.state.online || device.state.lastError !== null);
}
