import { ROLES } from '$shared/roles';
import { loadMe } from '../store/accounts';
import type { Handlers, ServerEntity } from './types';

/** A person's profile: changed offline, and kept by each of their devices. */
export const profileHandlers: Handlers<'profile.update'> = {
  'profile.update': {
    async apply({ tx, changes, user, services }, args) {
      await services.auth.changeProfile({ tx, changes }, user.id, args);
      return { ok: true };
    },
  },
};

export const profileEntities = {
  me: {
    roles: ROLES,
    load: loadMe,
    // A guardian's name is also part of what the household's other members see.
    also: (me) => (me?.household && me.role === 'guardian' ? [['household', me.household.id]] : []),
  },
} satisfies { me: ServerEntity<'me'> };
