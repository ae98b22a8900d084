import type { Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import type { SessionUser } from './auth.service';
import * as rounds from '../store/micro-projects';
import * as store from '../store/round-participation';
import { isoDateIn, startOfDay } from '$shared/dates';
import { roundPhase } from '$shared/micro-projects';
import {
  ballotProblem,
  eligibility,
  type BallotInput,
  type IdeaInput,
  type MyRound,
  type RoundsSnapshot,
} from '$shared/round-participation';

const HOUR_MS = 3_600_000;

/**
 * Young people (and families, where a round allows) taking part in micro-project rounds: proposing
 * ideas and voting, from a phone (offline too) or a hub's kiosk. Both are judged on receipt against the
 * round's calendar: an idea made offline before the ideas phase ended, or a ballot before the vote
 * closed, still counts within the round's grace.
 */
export function createRoundParticipationService(clock: Clock, evaluate: (tx: Queryable, userId: string) => Promise<void>) {
  /** The round, who the person is to it, and whether they may do `action` now; or the refusal. */
  async function judge(tx: Queryable, user: SessionUser, roundId: string, action: 'propose' | 'vote', receivedAt: Date) {
    const round = await rounds.loadRound(tx, roundId, true);
    if (!round) return { ok: false, code: 'round_not_found' } as const;
    // Before its phase opens it is not open; after it closes the deadline's grace has already judged it.
    const opens = startOfDay(action === 'propose' ? round.calendar.ideasFrom : round.calendar.voteFrom);
    if (receivedAt < opens || (action === 'vote' && round.countedAt)) return { ok: false, code: 'round_phase_closed' } as const;
    const person = await store.participant(tx, user.id);
    if (!person) return { ok: false, code: 'round_not_eligible' } as const;
    if (eligibility(person, round, action)) return { ok: false, code: 'round_not_eligible' } as const;
    return { ok: true, round, person } as const;
  }

  /** When a phase closes (the start of the next one's first day, in Milan) and the round's grace for what was made offline before. */
  async function phaseEnd(tx: Queryable, roundId: string, action: 'propose' | 'vote') {
    const round = await rounds.loadRound(tx, roundId);
    if (!round) return null;
    return {
      at: startOfDay(action === 'propose' ? round.calendar.codesignFrom : round.calendar.resultsFrom),
      graceMs: round.rules.graceHours * HOUR_MS,
    };
  }

  return {
    proposeDeadline: (tx: Queryable, roundId: string) => phaseEnd(tx, roundId, 'propose'),
    voteDeadline: (tx: Queryable, roundId: string) => phaseEnd(tx, roundId, 'vote'),

    /** An idea for a round (the `round.propose` mutation); sent again, it is the same idea. */
    async propose(
      tx: Queryable,
      user: SessionUser,
      idea: IdeaInput,
      receivedAt: Date,
    ): Promise<Result<object, 'round_not_found' | 'round_phase_closed' | 'round_not_eligible'>> {
      const author = await store.ideaAuthor(tx, idea.id);
      if (author === user.id) return { ok: true };
      if (author) return { ok: false, code: 'round_not_found' };
      const judged = await judge(tx, user, idea.roundId, 'propose', receivedAt);
      if (!judged.ok) return judged;
      const proposer = idea.group ? 'group' : user.role === 'youth' ? 'youth' : 'family';
      await store.insertIdea(tx, idea, { id: user.id, proposer, kioskId: user.kioskId }, clock.now());
      // Proposing counts toward missions and badges.
      await evaluate(tx, user.id);
      return { ok: true };
    },

    /**
     * A ballot (the `round.vote` mutation): the person's only one in the round, replacing one they cast
     * before it (`castAt`, the device's time, never later than its arrival: a phone's clock set ahead
     * cannot pin a ballot against later changes).
     */
    async vote(
      tx: Queryable,
      user: SessionUser,
      ballot: BallotInput,
      receivedAt: Date,
      castAt: Date = receivedAt,
    ): Promise<Result<object, 'round_not_found' | 'round_phase_closed' | 'round_not_eligible' | 'ballot_invalid'>> {
      const judged = await judge(tx, user, ballot.roundId, 'vote', receivedAt);
      if (!judged.ok) return judged;
      const projects = (await store.ballotProjects(tx, [ballot.roundId])).get(ballot.roundId) ?? [];
      const costs = new Map(projects.map((p) => [p.id, p.cost]));
      if (ballotProblem(judged.round.rules.ballot, judged.round.budget, costs, ballot.projectIds))
        return { ok: false, code: 'ballot_invalid' };
      const when = new Date(Math.min(castAt.getTime(), receivedAt.getTime()));
      await store.castBallot(tx, ballot.roundId, user.id, ballot.projectIds, user.cardId, when);
      await evaluate(tx, user.id);
      return { ok: true };
    },

    /** The rounds a person may follow, with their own ideas and ballot: the `rounds` entity. */
    async snapshot(q: Queryable, userId: string): Promise<RoundsSnapshot> {
      const person = await store.participant(q, userId);
      if (!person) return { rounds: [] };
      const today = isoDateIn(clock.now());
      const followed = await rounds.roundsFollowed(q, person.municipio, today);
      if (followed.length === 0) return { rounds: [] };
      const ids = followed.map((r) => r.id);
      const [ideas, projects, ballots] = await Promise.all([
        store.myIdeas(q, userId, ids),
        store.ballotProjects(q, ids),
        store.myBallots(q, userId, ids),
      ]);
      const list: MyRound[] = [];
      for (const round of followed) {
        const id = round.id;
        const phase = roundPhase(round.calendar, today);
        list.push({
          id,
          hubName: round.hubName,
          title: round.title,
          description: round.description,
          budget: round.budget,
          calendar: round.calendar,
          phase,
          ballot: round.rules.ballot,
          method: round.rules.method,
          mayPropose: eligibility(person, round, 'propose'),
          mayVote: eligibility(person, round, 'vote'),
          // Projects show from co-design on, as they take shape, and stay on the ballot after.
          projects: phase === 'upcoming' || phase === 'ideas' ? [] : (projects.get(id) ?? []),
          ideas: ideas.get(id) ?? [],
          myBallot: ballots.get(id) ?? null,
        });
      }
      return { rounds: list };
    },
  };
}

export type RoundParticipationService = ReturnType<typeof createRoundParticipationService>;
