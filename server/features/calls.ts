import type { Handlers, ServerEntity } from './types';

export const callHandlers: Handlers<'call.apply' | 'call.decline'> = {
  'call.apply': {
    // Judged on receipt against the call's window, with the call's own grace for applications made offline in time.
    deadline: ({ tx, services }, args) => services.calls.applicationDeadline(tx, args.callId),
    deadlineCode: 'call_closed',
    apply: ({ tx, user, services, receivedAt }, args) => services.calls.apply(tx, user, args, receivedAt),
  },
  'call.decline': {
    apply: ({ tx, user, services }, args) => services.calls.decline(tx, user, args.applicationId),
  },
};

export const callEntities = {
  /** The calls open now and those the household applied to: read fresh, as a ranking moves thousands of households at once. */
  calls: { roles: ['guardian'], read: ({ db, services }, householdId) => services.calls.familyCalls(db, householdId) },
} satisfies { calls: ServerEntity<'calls'> };
