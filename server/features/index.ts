// The server's half of every feature's sync: each mutation's handler beside its shared declaration,
// and how each synced entity is read. The types below make a mutation without a handler, or an
// entity without a reader, fail to compile.
import type { Entity } from '$shared/entities';
import { MUTATIONS, type MutationName } from '$shared/sync';
import type { MutationContract } from '$shared/mutation';
import type { Handlers, MutationHandler, ServerEntity } from './types';
import { profileEntities, profileHandlers } from './profile';
import { householdEntities, householdHandlers } from './household';
import { bookingEntities, bookingHandlers } from './bookings';
import { callEntities, callHandlers } from './calls';
import { gameEntities, gameHandlers } from './game';
import { opportunityEntities, opportunityHandlers } from './opportunities';
import { walletEntities } from './wallet';
import { savedEntities, savedHandlers } from './saved';
import { roundEntities, roundHandlers } from './rounds';

const HANDLERS: Handlers<MutationName> = {
  ...profileHandlers,
  ...householdHandlers,
  ...bookingHandlers,
  ...savedHandlers,
  ...callHandlers,
  ...gameHandlers,
  ...opportunityHandlers,
  ...roundHandlers,
};

/** A mutation as the server runs it: its shared declaration and its handler. */
export type RegisteredMutation = MutationContract & MutationHandler<unknown>;
export type MutationRegistry = Readonly<Record<string, RegisteredMutation>>;

/** Every mutation the server applies, by name. */
export const REGISTRY: MutationRegistry = Object.fromEntries(
  (Object.keys(MUTATIONS) as MutationName[]).map((name) => [name, { ...MUTATIONS[name], ...HANDLERS[name] } as RegisteredMutation]),
);

/** How the server reads each synced entity, in the order a new device receives them. */
export const ENTITIES: { [E in Entity]: ServerEntity<E> } = {
  ...profileEntities,
  ...householdEntities,
  ...bookingEntities,
  ...walletEntities,
  ...callEntities,
  ...gameEntities,
  ...opportunityEntities,
  ...savedEntities,
  ...roundEntities,
};
