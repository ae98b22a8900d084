import type { Queryable } from '../store/db';
import type { Result } from '../errors';
import type { ErrorCode } from '$shared/errors';
import type { Locale } from '$shared/locale';
import type { Role } from '$shared/roles';
import type { Entity, EntityData } from '$shared/entities';
import type { MutationArgs, MutationName } from '$shared/sync';
import type { AuthService, SessionUser } from '../services/auth.service';
import type { HouseholdsService } from '../services/households.service';
import type { WalletService } from '../services/wallet.service';
import type { BookingsService } from '../services/bookings.service';
import type { CallsService } from '../services/calls.service';
import type { GameService } from '../services/game.service';
import type { OpportunitiesService } from '../services/opportunities.service';
import type { SavedService } from '../services/saved.service';
import type { RoundParticipationService } from '../services/round-participation.service';
import type { Changes } from '../services/sync/publish';

/** The services mutations and sync may call (a narrow view of all of them, to keep types acyclic). */
export type SyncServices = {
  auth: AuthService;
  households: HouseholdsService;
  wallet: WalletService;
  bookings: BookingsService;
  calls: CallsService;
  game: GameService;
  opportunities: OpportunitiesService;
  saved: SavedService;
  rounds: RoundParticipationService;
};

/** What a mutation's handler gets: its own transaction, who pushed it, and when it was made and received. */
export type MutationContext = {
  tx: Queryable;
  /** What the mutation changed that devices must learn of; recorded once, when the push commits. */
  changes: Changes;
  user: SessionUser;
  services: SyncServices;
  mutationId: string;
  clientTime: Date;
  receivedAt: Date;
  /** The pushing device's last confirmed sync: what it did offline cannot claim to be older. */
  lastSyncedAt: Date | null;
};

/** What a mutation's handler answers: applied, or refused with a code. */
export type MutationOutcome = Result;

/** The server's half of a mutation: how it is judged and applied. (Its arguments, roles and label are in shared/.) */
export type MutationHandler<A> = {
  /**
   * The deadline the mutation is judged against, if it has one (a call closing, a session starting):
   * received after it, it counts only within the grace and only if the device made it before it.
   */
  deadline?: (ctx: MutationContext, args: A) => Promise<Date | { at: Date; graceMs: number } | null>;
  /** The grace when `deadline` answers a bare date. */
  graceMs?: number;
  /** What a person is told when it comes too late (a session started, a cancel notice passed). */
  deadlineCode?: ErrorCode;
  apply: (ctx: MutationContext, args: A) => Promise<MutationOutcome>;
};

/** A feature's handlers: one for each of the named mutations, typed by its arguments. */
export type Handlers<K extends MutationName> = { [N in K]: MutationHandler<MutationArgs<N>> };

/** What an entity's reader gets: the database, the services, and who is reading, in which language. */
export type ReadContext = { db: Queryable; services: SyncServices; user: SessionUser; locale: Locale };

/**
 * How the server reads one synced entity. A logged entity is recorded in the change log whenever a
 * mutation or service notes it changed (`load`), and devices pull those records; any other is read
 * fresh on every pull (`read`): balances move through the ledger, a call's ranking moves thousands of
 * households at once, and missions are computed from facts — none through the change log.
 */
export type ServerEntity<E extends Entity> =
  | {
      /** Who is sent it (and who has one at all: a household's entities need a household). */
      roles: readonly Role[];
      load: (q: Queryable, id: string) => Promise<EntityData[E] | null>;
      /** Other logged entities to record too when this one changes (a guardian's name shows in the household). */
      also?: (data: EntityData[E] | null) => [Entity, string][];
    }
  | { roles: readonly Role[]; read: (ctx: ReadContext, id: string) => Promise<EntityData[E] | null> };
