// The device's half of every feature's sync: how each synced entity is shown, and what each waiting
// mutation changes on screen until the server answers. The types below make a mutation without its
// step list, or an entity without its view, fail to compile; a mutation that changes nothing on this
// device says so with an empty list.
import type { Entity, EntityData, WalletSnapshot } from '$shared/entities';
import { upgradeArgs } from '$shared/mutation';
import { isMutationName, MUTATIONS, type Mutation, type MutationArgs, type MutationName } from '$shared/sync';
import { same, type EntityView, type Step } from './view';
import { profileSteps, profileViews } from '$lib/profile/optimistic';
import { householdSteps, householdViews } from '$lib/household/optimistic';
import { bookingSteps, bookingViews } from '$lib/bookings/optimistic';
import { callSteps, callViews } from '$lib/calls/optimistic';
import { gameSteps, gameViews } from '$lib/game/optimistic';
import { opportunitySteps, opportunityViews } from '$lib/opportunities/optimistic';
import { savedSteps, savedViews } from '$lib/saved/optimistic';
import { roundSteps, roundViews } from '$lib/rounds/optimistic';

/** The wallet as last synced: money moves only on the server, so nothing is shown ahead of it. */
const walletView: EntityView<WalletSnapshot, WalletSnapshot> = { start: same, finish: same };

const VIEWS = {
  ...profileViews,
  ...householdViews,
  wallet: walletView,
  ...bookingViews,
  ...callViews,
  ...gameViews,
  ...opportunityViews,
  ...savedViews,
  ...roundViews,
} satisfies {
  [E in Entity]: { start: (data: EntityData[E] | undefined, extra: never) => unknown; finish: (working: never, extra: never) => unknown };
};

type Views = typeof VIEWS;
type Working<E extends Entity> = Exclude<ReturnType<Views[E]['start']>, undefined>;
/** What the page gives an entity's view (the clock, the catalogue copy), if anything. */
export type ShowExtra<E extends Entity> = Parameters<Views[E]['start']>[1];
/** What a page draws of an entity. */
export type Shown<E extends Entity> = ReturnType<Views[E]['finish']>;

const STEPS = {
  ...profileSteps,
  ...householdSteps,
  ...bookingSteps,
  ...callSteps,
  ...gameSteps,
  ...opportunitySteps,
  ...savedSteps,
  ...roundSteps,
} satisfies { [N in MutationName]: { [E in Entity]?: Step<Working<E>, MutationArgs<N>, ShowExtra<E>> } };

/**
 * What the person sees of an entity: the confirmed state with their waiting changes applied on top,
 * in order, each under the arguments' current shape (a change queued before an update of the app is
 * brought forward first). Nothing before the first sync unless the entity's view says otherwise.
 */
export function show<E extends Entity>(
  entity: E,
  data: EntityData[E] | undefined,
  pending: readonly Mutation[],
  ...extra: ShowExtra<E> extends void ? [] : [ShowExtra<E>]
): Shown<E> | undefined {
  const view = VIEWS[entity] as unknown as EntityView<EntityData[E], unknown, Shown<E>, unknown>;
  const given = extra[0];
  let working = view.start(data, given);
  if (working === undefined) return undefined;
  for (const mutation of pending) {
    if (!isMutationName(mutation.name)) continue;
    const step = (STEPS[mutation.name] as { [K in Entity]?: Step<unknown, unknown, unknown> })[entity];
    if (!step) continue;
    const upgraded = upgradeArgs(MUTATIONS[mutation.name], mutation.v ?? 1, mutation.args);
    if (upgraded) working = step(working, upgraded.args, mutation, given);
  }
  return view.finish(working, given);
}
