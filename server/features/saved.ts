import { loadSaved } from '../store/saved';
import type { Handlers, ServerEntity } from './types';

/** Saved activities: saved or let go offline too, and kept by each of the person's devices. */
export const savedHandlers: Handlers<'offer.save'> = {
  'offer.save': {
    apply: ({ tx, changes, user, services }, args) => services.saved.save({ tx, changes }, user.id, args),
  },
};

export const savedEntities = {
  saved: { roles: ['guardian', 'youth'], load: loadSaved },
} satisfies { saved: ServerEntity<'saved'> };
