import { toggleSaved, type SavedOffers } from '$shared/saved';
import type { MutationArgs } from '$shared/sync';
import type { EntityView, Step } from '$lib/sync/view';

/** The saved list as last synced, or empty before the first sync (so saving works from the first minute, offline too). */
export const savedView: EntityView<SavedOffers, SavedOffers> = {
  start: (data) => data ?? { offerIds: [] },
  finish: (working) => working,
};

/** An activity saved or let go offline shows so at once. */
const save: Step<SavedOffers, MutationArgs<'offer.save'>> = (shown, args) => toggleSaved(shown, args.offerId, args.saved);

export const savedViews = { saved: savedView };

export const savedSteps = { 'offer.save': { saved: save } };
