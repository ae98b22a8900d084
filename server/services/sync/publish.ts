import type { Queryable } from '../../store/db';
import { loadMe } from '../../store/accounts';
import { loadHousehold } from '../../store/households';
import { loadBookings } from '../../store/bookings';
import { recordChange } from '../../store/sync';

/**
 * What a transaction changed that people's devices must learn of. Writers note it here as they go;
 * `flush` records the new state of each thing once, at the end, in the same transaction — so a sync
 * push of a thousand edits to one profile records one change, not a thousand.
 */
export class Changes {
  #people = new Set<string>();
  #households = new Set<string>();
  #bookings = new Set<string>();

  person(userId: string): void {
    this.#people.add(userId);
  }

  household(householdId: string): void {
    this.#households.add(householdId);
  }

  /** A household's bookings changed (one made, cancelled or redeemed). */
  bookings(householdId: string): void {
    this.#bookings.add(householdId);
  }

  /** A mark to go back to when what was noted since must be undone (a refused mutation). */
  mark(): { people: string[]; households: string[]; bookings: string[] } {
    return { people: [...this.#people], households: [...this.#households], bookings: [...this.#bookings] };
  }

  restore(mark: { people: string[]; households: string[]; bookings: string[] }): void {
    this.#people = new Set(mark.people);
    this.#households = new Set(mark.households);
    this.#bookings = new Set(mark.bookings);
  }

  async flush(tx: Queryable, now: Date): Promise<void> {
    for (const userId of this.#people) {
      const me = await loadMe(tx, userId);
      await recordChange(tx, { type: 'user', id: userId }, 'me', userId, me, now);
      // A guardian's name is also part of what the household's other members see.
      if (me?.household && me.role === 'guardian') this.#households.add(me.household.id);
    }
    for (const householdId of this.#households) {
      await recordChange(tx, { type: 'household', id: householdId }, 'household', householdId, await loadHousehold(tx, householdId), now);
    }
    for (const householdId of this.#bookings) {
      await recordChange(tx, { type: 'household', id: householdId }, 'bookings', householdId, await loadBookings(tx, householdId), now);
    }
    this.#people.clear();
    this.#households.clear();
    this.#bookings.clear();
  }
}

/** A service's work inside a transaction someone else holds (a sync push), noting its changes there. */
export type InTransaction = { tx: Queryable; changes: Changes };
