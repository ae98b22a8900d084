// The things a device keeps a copy of and syncs: what each holds, and whose it is. The server says how
// it reads each one (server/features/), the device how it shows each one with what waits to be sent
// on top (web/src/lib/sync/registry.ts); both are checked against this list.
import type { Me } from './account';
import type { Booking } from './booking';
import type { FamilyCall } from './calls';
import type { ChildGame, GameSnapshot } from './game';
import type { Household } from './household';
import type { TransferPage, WalletAccount } from './ledger';
import type { OpportunitySnapshot } from './opportunities';
import type { SavedOffers } from './saved';
import type { RoundsSnapshot } from './round-participation';

/** The `wallet` entity: the person's accounts and the first page of their history. */
export type WalletSnapshot = { accounts: WalletAccount[]; history: TransferPage };

/**
 * What each entity holds. `calls`: for a guardian, the calls open now and those the household applied
 * to, with its application. `game`: a youth's board; `family_game`: a guardian's view of the
 * children's play. `opportunities`: for a youth, the market, their own offers and the places they took.
 * `saved`: the activities the person saved to come back to. `rounds`: the micro-project rounds the
 * person may take part in, with their own ideas and ballot.
 */
export type EntityData = {
  me: Me;
  household: Household;
  wallet: WalletSnapshot;
  bookings: Booking[];
  calls: FamilyCall[];
  game: GameSnapshot;
  family_game: ChildGame[];
  opportunities: OpportunitySnapshot;
  saved: SavedOffers;
  rounds: RoundsSnapshot;
};
export type Entity = keyof EntityData;

/** Whose each entity is: the person's own (keyed by their id) or their household's (keyed by its id). */
export const ENTITY_OWNER = {
  me: 'person',
  household: 'household',
  wallet: 'person',
  bookings: 'household',
  calls: 'household',
  game: 'person',
  family_game: 'household',
  opportunities: 'person',
  saved: 'person',
  rounds: 'person',
} as const satisfies { [E in Entity]: 'person' | 'household' };

/** The id an entity is kept under for this person, or null when they have none (no household). */
export function entityId(entity: Entity, person: { id: string; householdId: string | null }): string | null {
  return ENTITY_OWNER[entity] === 'person' ? person.id : person.householdId;
}
