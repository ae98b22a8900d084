import type { Mutation } from '$shared/sync';

/**
 * How the device shows one synced entity with the person's waiting changes on top: `start` takes the
 * copy as last synced (undefined before the first sync) and whatever the page supplies (`X`: the
 * catalogue copy, the clock), each waiting mutation that declares a step for this entity changes the
 * working copy in turn, and `finish` makes what the page draws. A change the server refuses leaves
 * the outbox, and so leaves the screen.
 */
export type EntityView<D, W, S = W, X = void> = {
  start: (data: D | undefined, extra: X) => W | undefined;
  finish: (working: W, extra: X) => S;
};

/** One waiting mutation's change to an entity's working copy. */
export type Step<W, A, X = void> = (working: W, args: A, mutation: Mutation, extra: X) => W;

export const same = <T>(value: T): T => value;
