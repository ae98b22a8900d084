import type { Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import type { InTransaction } from './sync/publish';
import * as store from '../store/saved';
import { MAX_SAVED, type SavedOffers } from '$shared/saved';

/** Activities a person saves to come back to: theirs alone, on every device they sign in on. */
export function createSavedService(clock: Clock) {
  return {
    load: (q: Queryable, userId: string): Promise<SavedOffers> => store.loadSaved(q, userId),

    /** Saves an activity still offered, or lets one go (an activity since withdrawn may always be let go). */
    async save(
      { tx, changes }: InTransaction,
      userId: string,
      args: { offerId: string; saved: boolean },
    ): Promise<Result<object, 'offer_unavailable' | 'saved_full'>> {
      if (!args.saved) await store.unsaveOffer(tx, userId, args.offerId);
      else {
        if (!(await store.offerPublished(tx, args.offerId))) return { ok: false, code: 'offer_unavailable' };
        if ((await store.saveOffer(tx, userId, args.offerId, clock.now())) > MAX_SAVED) return { ok: false, code: 'saved_full' };
      }
      changes.note('saved', userId);
      return { ok: true };
    },
  };
}

export type SavedService = ReturnType<typeof createSavedService>;
