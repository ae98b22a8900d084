import * as v from 'valibot';
import { IdSchema } from './validation';
import { defineMutations } from './mutation';

/**
 * Activities a person saved to come back to: on a phone, or at a hub's kiosk to find on their phone
 * later. Saving is theirs alone (a family's booking is what commits a seat).
 */
export type SavedOffers = { offerIds: string[] };

/** How many activities one person may keep saved: ours, so the list stays a list (the refusal's text says 100). */
export const MAX_SAVED = 100;

export const SaveOfferSchema = v.object({
  offerId: IdSchema('field_offer_id'),
  /** true saves it, false lets it go; either, repeated, changes nothing more. */
  saved: v.boolean('field_saved'),
});

/** Saving an activity and letting it go: made offline too. */
export const SAVED_MUTATIONS = defineMutations({
  'offer.save': {
    args: SaveOfferSchema,
    version: 1,
    roles: ['guardian', 'youth'],
    label: 'mutation_offer_save',
    refusals: ['offer_unavailable', 'saved_full'],
    changes: ['saved'],
  },
});

/** A saved list with one activity saved (first) or let go, as the device shows it before the server answers. */
export function toggleSaved(list: SavedOffers, offerId: string, saved: boolean): SavedOffers {
  const rest = list.offerIds.filter((id) => id !== offerId);
  return { offerIds: saved ? [offerId, ...rest] : rest };
}
