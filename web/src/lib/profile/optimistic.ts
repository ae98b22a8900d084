import type { Me } from '$shared/account';
import { same, type EntityView, type Step } from '$lib/sync/view';
import type { MutationArgs } from '$shared/sync';

export const meView: EntityView<Me, Me> = { start: same, finish: same };

/** A name or language changed offline shows at once. */
const updateProfile: Step<Me, MutationArgs<'profile.update'>> = (shown, args) => ({
  ...shown,
  ...(args.name !== undefined ? { name: args.name } : {}),
  ...(args.language !== undefined ? { language: args.language } : {}),
});

export const profileViews = { me: meView };

export const profileSteps = { 'profile.update': { me: updateProfile } };
