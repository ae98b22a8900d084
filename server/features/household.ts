import { ROLES } from '$shared/roles';
import { loadHousehold } from '../store/households';
import type { Handlers, ServerEntity } from './types';

export const householdHandlers: Handlers<'household.addMinor'> = {
  'household.addMinor': {
    async apply({ tx, changes, user, services }, args) {
      if (!user.householdId) return { ok: false, code: 'forbidden' };
      const result = await services.households.addMinor(user.id, user.householdId, args, { tx, changes });
      return result.ok ? { ok: true } : result;
    },
  },
};

export const householdEntities = {
  household: { roles: ROLES, load: loadHousehold },
} satisfies { household: ServerEntity<'household'> };
