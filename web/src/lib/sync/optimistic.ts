import type { Me } from '$shared/account';
import type { Household, Minor } from '$shared/household';
import type { Mutation, MutationArgs } from '$shared/sync';

/** A minor the device has added but the server has not confirmed yet. */
export type ShownMinor = Minor & { pending?: boolean };
export type ShownHousehold = Omit<Household, 'minors'> & { minors: ShownMinor[] };

/**
 * What the person sees: the confirmed state with their waiting changes applied on top, in order.
 * A change the server refuses leaves the outbox, and so leaves the screen.
 */
export function showMe(me: Me | undefined, pending: Mutation[]): Me | undefined {
  if (!me) return me;
  return pending.reduce((shown, mutation) => {
    if (mutation.name !== 'profile.update') return shown;
    const args = mutation.args as MutationArgs<'profile.update'>;
    return { ...shown, ...(args.name !== undefined ? { name: args.name } : {}), ...(args.language !== undefined ? { language: args.language } : {}) };
  }, me);
}

export function showHousehold(household: Household | undefined, pending: Mutation[]): ShownHousehold | undefined {
  if (!household) return household;
  return pending.reduce<ShownHousehold>((shown, mutation) => {
    if (mutation.name !== 'household.addMinor') return shown;
    const args = mutation.args as MutationArgs<'household.addMinor'>;
    if (shown.minors.some((minor) => minor.id === args.id)) return shown;
    return { ...shown, minors: [...shown.minors, { id: args.id, name: args.name, birthDate: args.birthDate, disability: args.disability, email: null, pending: true }] };
  }, household);
}
