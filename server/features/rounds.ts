import type { Handlers, ServerEntity } from './types';

/** Micro-project rounds: ideas and ballots made offline too, judged on receipt against the round's calendar and grace. */
export const roundHandlers: Handlers<'round.propose' | 'round.vote'> = {
  'round.propose': {
    deadline: ({ tx, services }, args) => services.rounds.proposeDeadline(tx, args.roundId),
    deadlineCode: 'round_phase_closed',
    apply: ({ tx, user, services, receivedAt }, args) => services.rounds.propose(tx, user, args, receivedAt),
  },
  'round.vote': {
    deadline: ({ tx, services }, args) => services.rounds.voteDeadline(tx, args.roundId),
    deadlineCode: 'round_phase_closed',
    apply: ({ tx, user, services, receivedAt, clientTime }, args) => services.rounds.vote(tx, user, args, receivedAt, clientTime),
  },
};

export const roundEntities = {
  /** The rounds the person may take part in, with their ideas and ballot: read fresh, as phases turn with the calendar. */
  rounds: { roles: ['youth', 'guardian'], read: ({ db, services }, userId) => services.rounds.snapshot(db, userId) },
} satisfies { rounds: ServerEntity<'rounds'> };
