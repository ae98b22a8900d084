import type { Household, Minor } from '$shared/household';
import type { MutationArgs } from '$shared/sync';
import { same, type EntityView, type Step } from '$lib/sync/view';

/** A minor the device has added but the server has not confirmed yet. */
export type ShownMinor = Minor & { pending?: boolean };
export type ShownHousehold = Omit<Household, 'minors'> & { minors: ShownMinor[] };

export const householdView: EntityView<Household, ShownHousehold> = { start: same, finish: same };

/** A child added offline shows as waiting, once, until the server confirms it. */
const addMinor: Step<ShownHousehold, MutationArgs<'household.addMinor'>> = (shown, args) => {
  if (shown.minors.some((minor) => minor.id === args.id)) return shown;
  return {
    ...shown,
    minors: [
      ...shown.minors,
      { id: args.id, name: args.name, birthDate: args.birthDate, disability: args.disability, userId: null, email: null, pending: true },
    ],
  };
};

export const householdViews = { household: householdView };

export const householdSteps = { 'household.addMinor': { household: addMinor } };
