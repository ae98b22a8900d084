import type { Queryable } from '../../store/db';
import { loadMe } from '../../store/accounts';
import { loadHousehold } from '../../store/households';
import { recordChange } from '../../store/sync';

/**
 * Every write a person's devices must learn of records the new state here, in the writer's
 * transaction, whether it came through a sync push or a plain API call.
 */
export async function publishMe(tx: Queryable, userId: string, now: Date): Promise<void> {
  const me = await loadMe(tx, userId);
  await recordChange(tx, { type: 'user', id: userId }, 'me', userId, me, now);
  // A guardian's name is also part of what the household's other members see.
  if (me?.household && me.role === 'guardian') await publishHousehold(tx, me.household.id, now);
}

export async function publishHousehold(tx: Queryable, householdId: string, now: Date): Promise<void> {
  await recordChange(tx, { type: 'household', id: householdId }, 'household', householdId, await loadHousehold(tx, householdId), now);
}
