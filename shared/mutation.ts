// What every offline action declares about itself, for the server and the device alike. A feature
// declares its mutations beside its schemas (shared/booking.ts holds the booking ones); the server adds
// each one's handler and the device each one's optimistic change, and the compiler checks that none
// is missing on either side (see docs/architecture.md).
import type * as v from 'valibot';
import type { m as Messages } from './i18n/paraglide/messages.js';
import type { ErrorCode } from './errors';
import type { Role } from './roles';
import type { Entity } from './entities';

/** The key of a message in every language's file. */
export type MessageKey = keyof typeof Messages;

/**
 * One offline action. Its arguments carry a version: a device may have queued them under an older
 * shape before a deploy changed it, and `upgrades` brings them to the current one, step by step
 * (`upgrades[1]` turns version 1 into version 2, and so on), so the action still applies, once.
 */
export type MutationContract<S extends v.GenericSchema = v.GenericSchema> = {
  /** The arguments' current shape; the device checks them before queueing, the server on receipt. */
  args: S;
  /** The current version of the arguments (1 until they first change shape). */
  version: number;
  /** One step per older version still to be understood: version n's arguments in, version n + 1's out. */
  upgrades?: Readonly<Record<number, (args: unknown) => unknown>>;
  /** Who may send it. */
  roles: readonly Role[];
  /** How the action is named to the person (in the notice of a refused change). */
  label: MessageKey;
  /** What the server may answer instead of applying it, beyond the refusals every mutation may meet. */
  refusals: readonly ErrorCode[];
  /** The synced things it changes on the server, which every device of the people who see them pulls. */
  changes: readonly Entity[];
};

/** Declares a feature's mutations, keeping each one's argument type. */
export const defineMutations = <const T extends Record<string, MutationContract>>(mutations: T): T => mutations;

/**
 * Brings arguments queued under version `from` to the contract's current version, or answers null when
 * they cannot be: a version newer than the contract's (a device ahead of this code) or one no upgrade
 * step leads from.
 */
export function upgradeArgs(contract: MutationContract, from: number, args: unknown): { args: unknown } | null {
  if (!Number.isInteger(from) || from < 1 || from > contract.version) return null;
  let upgraded = args;
  for (let version = from; version < contract.version; version++) {
    const step = contract.upgrades?.[version];
    if (!step) return null;
    upgraded = step(upgraded);
  }
  return { args: upgraded };
}
