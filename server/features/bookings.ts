import { ROLES } from '$shared/roles';
import { bookingCancelDeadline, loadBookings, sessionStart } from '../store/bookings';
import type { Handlers, ServerEntity } from './types';

/** A booking made offline just before its session (or a cancellation just before its notice) still counts for this long. */
const BOOKING_GRACE_MS = 15 * 60_000;

export const bookingHandlers: Handlers<'booking.create' | 'booking.cancel' | 'booking.redeem'> = {
  'booking.create': {
    // Booked before the session starts, judged on the device's clock within the grace.
    deadline: ({ tx }, args) => sessionStart(tx, args.sessionId),
    graceMs: BOOKING_GRACE_MS,
    deadlineCode: 'session_started',
    apply: ({ tx, changes, user, services, mutationId, clientTime, receivedAt, lastSyncedAt }, args) =>
      services.bookings.book({ tx, changes }, user, args, mutationId, { clientTime, receivedAt, lastSyncedAt }),
  },
  'booking.cancel': {
    deadline: ({ tx }, args) => bookingCancelDeadline(tx, args.id),
    graceMs: BOOKING_GRACE_MS,
    deadlineCode: 'cancel_deadline_passed',
    apply: ({ tx, changes, user, services, mutationId }, args) => services.bookings.cancel({ tx, changes }, user, args, mutationId),
  },
  'booking.redeem': {
    async apply({ tx, changes, user, services }, args) {
      const outcome = await services.bookings.redeem({ tx, changes }, user, args);
      if (outcome.ok && outcome.youthId) await services.game.evaluate(tx, outcome.youthId);
      return outcome.ok ? { ok: true } : outcome;
    },
  },
};

export const bookingEntities = {
  /** A household's bookings, recorded whenever one is made, cancelled or redeemed. */
  bookings: { roles: ROLES, load: loadBookings },
} satisfies { bookings: ServerEntity<'bookings'> };
