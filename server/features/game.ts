import type { Handlers, ServerEntity } from './types';

export const gameHandlers: Handlers<'checkin.create' | 'poll.answer' | 'board.set' | 'reminders.set'> = {
  // A check-in scanned offline syncs later: the server judges the code against the time the device
  // says, and that time against the device's last sync (no backdating), so there is no deadline here.
  'checkin.create': {
    apply: ({ tx, changes, user, services, clientTime, receivedAt, lastSyncedAt }, args) =>
      services.game.checkIn({ tx, changes }, user, args, { clientTime, receivedAt, lastSyncedAt }),
  },
  'poll.answer': {
    apply: ({ tx, changes, user, services, clientTime, receivedAt, lastSyncedAt }, args) =>
      services.game.answerPoll({ tx, changes }, user, args, { clientTime, receivedAt, lastSyncedAt }),
  },
  'board.set': {
    apply: ({ tx, changes, user, services }, args) => services.game.setBoard({ tx, changes }, user, args),
  },
  'reminders.set': {
    apply: ({ tx, changes, user, services }, args) => services.game.setReminders({ tx, changes }, user, args),
  },
};

/** A youth's play and a guardian's view of it: computed from facts on every pull, never logged. */
export const gameEntities = {
  game: { roles: ['youth'], read: ({ db, services, user, locale }) => services.game.snapshot(db, user, locale) },
  family_game: { roles: ['guardian'], read: ({ db, services, locale }, householdId) => services.game.familyGame(db, householdId, locale) },
} satisfies { game: ServerEntity<'game'>; family_game: ServerEntity<'family_game'> };
