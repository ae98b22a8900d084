import type { GenericSchema } from 'valibot';
import type { Queryable } from '../../store/db';
import { ROLES, type Role } from '$shared/roles';
import type { ErrorCode } from '$shared/errors';
import { MUTATION_ARGS, type MutationArgs } from '$shared/sync';
import type { AuthService, SessionUser } from '../auth.service';
import type { HouseholdsService as HouseholdService } from '../households.service';
import type { WalletService } from '../wallet.service';
import type { BookingsService as BookingService } from '../bookings.service';
import type { CallsService as CallService } from '../calls.service';
import type { GameService } from '../game.service';
import type { OpportunitiesService as OpportunityService } from '../opportunities.service';
import { bookingCancelDeadline, sessionStart } from '../../store/bookings';
import type { Changes } from './publish';

/** The services mutations and sync may call (a narrow view of all of them, to keep types acyclic). */
export type SyncServices = { auth: AuthService; households: HouseholdService; wallet: WalletService; bookings: BookingService; calls: CallService; game: GameService; opportunities: OpportunityService };

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

export type MutationOutcome = { ok: true } | { ok: false; code: ErrorCode };

export type MutationDefinition<A = unknown> = {
  schema: GenericSchema<unknown, A>;
  roles: readonly Role[];
  /**
   * The deadline the mutation is judged against, if it has one (a call closing, a session starting):
   * received after it, it counts only within `graceMs` and if made before it (DESIGN §9).
   */
  deadline?: (ctx: MutationContext, args: A) => Promise<Date | { at: Date; graceMs: number } | null>;
  /** The grace when `deadline` answers a bare date. */
  graceMs?: number;
  /** What a person is told when it comes too late (a session started, a cancel notice passed). */
  deadlineCode?: ErrorCode;
  apply: (ctx: MutationContext, args: A) => Promise<MutationOutcome>;
};

const define = <A>(definition: MutationDefinition<A>) => definition as MutationDefinition<unknown>;
const guardianOnly: readonly Role[] = ['guardian'];
const families: readonly Role[] = ['guardian', 'youth'];
const youthOnly: readonly Role[] = ['youth'];
/** A booking made offline just before its session (or a cancellation just before its notice) still counts for this long. */
const BOOKING_GRACE_MS = 15 * 60_000;
const everyone: readonly Role[] = ROLES;

/**
 * Every write a device can make offline: name → arguments, who may, and what it does. Later
 * features add their entries here (bookings, applications, check-ins, votes).
 */
export const MUTATIONS: Record<string, MutationDefinition> = {
  'profile.update': define<MutationArgs<'profile.update'>>({
    schema: MUTATION_ARGS['profile.update'],
    roles: everyone,
    async apply({ tx, changes, user, services }, args) {
      await services.auth.changeProfile({ tx, changes }, user.id, args);
      return { ok: true };
    },
  }),
  'household.addMinor': define<MutationArgs<'household.addMinor'>>({
    schema: MUTATION_ARGS['household.addMinor'],
    roles: guardianOnly,
    async apply({ tx, changes, user, services }, args) {
      if (!user.householdId) return { ok: false, code: 'forbidden' };
      const result = await services.households.addMinor(user.id, user.householdId, args, { tx, changes });
      return result.ok ? { ok: true } : result;
    },
  }),
  'booking.create': define<MutationArgs<'booking.create'>>({
    schema: MUTATION_ARGS['booking.create'],
    roles: families,
    // Booked before the session starts, judged on the device's clock within the grace (DESIGN §9).
    deadline: ({ tx }, args) => sessionStart(tx, args.sessionId),
    graceMs: BOOKING_GRACE_MS,
    deadlineCode: 'session_started',
    apply: ({ tx, changes, user, services, mutationId, clientTime, receivedAt, lastSyncedAt }, args) =>
      services.bookings.book({ tx, changes }, user, args, mutationId, { clientTime, receivedAt, lastSyncedAt }),
  }),
  'booking.cancel': define<MutationArgs<'booking.cancel'>>({
    schema: MUTATION_ARGS['booking.cancel'],
    roles: families,
    deadline: ({ tx }, args) => bookingCancelDeadline(tx, args.id),
    graceMs: BOOKING_GRACE_MS,
    deadlineCode: 'cancel_deadline_passed',
    apply: ({ tx, changes, user, services, mutationId }, args) => services.bookings.cancel({ tx, changes }, user, args, mutationId),
  }),
  'booking.redeem': define<MutationArgs<'booking.redeem'>>({
    schema: MUTATION_ARGS['booking.redeem'],
    roles: ['provider'],
    async apply({ tx, changes, user, services }, args) {
      const outcome = await services.bookings.redeem({ tx, changes }, user, args);
      if (outcome.ok && outcome.youthId) await services.game.evaluate(tx, outcome.youthId);
      return outcome;
    },
  }),
  'call.apply': define<MutationArgs<'call.apply'>>({
    schema: MUTATION_ARGS['call.apply'],
    roles: guardianOnly,
    // Judged on receipt against the call's window, with the call's own grace for applications made offline in time.
    deadline: ({ tx, services }, args) => services.calls.applicationDeadline(tx, args.callId),
    deadlineCode: 'call_closed',
    apply: ({ tx, user, services, receivedAt }, args) => services.calls.apply(tx, user, args, receivedAt),
  }),
  'call.decline': define<MutationArgs<'call.decline'>>({
    schema: MUTATION_ARGS['call.decline'],
    roles: guardianOnly,
    apply: ({ tx, user, services }, args) => services.calls.decline(tx, user, args.applicationId),
  }),
  // A check-in scanned offline syncs later: the server judges the code against the time the device
  // says, and that time against the device's last sync (no backdating), so there is no deadline here.
  'checkin.create': define<MutationArgs<'checkin.create'>>({
    schema: MUTATION_ARGS['checkin.create'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services, clientTime, receivedAt, lastSyncedAt }, args) => services.game.checkIn({ tx, changes }, user, args, { clientTime, receivedAt, lastSyncedAt }),
  }),
  'poll.answer': define<MutationArgs<'poll.answer'>>({
    schema: MUTATION_ARGS['poll.answer'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services, clientTime, receivedAt, lastSyncedAt }, args) => services.game.answerPoll({ tx, changes }, user, args, { clientTime, receivedAt, lastSyncedAt }),
  }),
  'board.set': define<MutationArgs<'board.set'>>({
    schema: MUTATION_ARGS['board.set'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services }, args) => services.game.setBoard({ tx, changes }, user, args),
  }),
  'reminders.set': define<MutationArgs<'reminders.set'>>({
    schema: MUTATION_ARGS['reminders.set'],
    roles: guardianOnly,
    apply: ({ tx, changes, user, services }, args) => services.game.setReminders({ tx, changes }, user, args),
  }),
  'opportunity.propose': define<MutationArgs<'opportunity.propose'>>({
    schema: MUTATION_ARGS['opportunity.propose'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services }, args) => services.opportunities.propose({ tx, changes }, user, args),
  }),
  'opportunity.withdraw': define<MutationArgs<'opportunity.withdraw'>>({
    schema: MUTATION_ARGS['opportunity.withdraw'],
    roles: youthOnly,
    apply: ({ tx, user, services }, args) => services.opportunities.withdraw(tx, user, args.opportunityId),
  }),
  'opportunity.take': define<MutationArgs<'opportunity.take'>>({
    schema: MUTATION_ARGS['opportunity.take'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services }, args) => services.opportunities.take({ tx, changes }, user, args),
  }),
  'opportunity.confirm': define<MutationArgs<'opportunity.confirm'>>({
    schema: MUTATION_ARGS['opportunity.confirm'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services }, args) => services.opportunities.confirm({ tx, changes }, user, args.takeId),
  }),
  'opportunity.cancel': define<MutationArgs<'opportunity.cancel'>>({
    schema: MUTATION_ARGS['opportunity.cancel'],
    roles: youthOnly,
    apply: ({ tx, changes, user, services }, args) => services.opportunities.cancel({ tx, changes }, user, args.takeId),
  }),
};
