import type { MyRound, RoundsSnapshot } from '$shared/round-participation';
import type { MutationArgs } from '$shared/sync';
import type { EntityView, Step } from '$lib/sync/view';

/** The rounds as last synced, or none before the first sync. */
export const roundsView: EntityView<RoundsSnapshot, RoundsSnapshot> = {
  start: (data) => data ?? { rounds: [] },
  finish: (working) => working,
};

const inRound = (snapshot: RoundsSnapshot, roundId: string, change: (round: MyRound) => MyRound): RoundsSnapshot => ({
  rounds: snapshot.rounds.map((round) => (round.id === roundId ? change(round) : round)),
});

/** An idea sent offline shows at once among the person's ideas, waiting for the hub to read it. */
const propose: Step<RoundsSnapshot, MutationArgs<'round.propose'>> = (shown, idea, mutation) =>
  inRound(shown, idea.roundId, (round) =>
    round.ideas.some((i) => i.id === idea.id)
      ? round
      : {
          ...round,
          ideas: [
            { id: idea.id, title: idea.title, status: 'submitted', reason: '', project: null, createdAt: mutation.clientTime },
            ...round.ideas,
          ],
        },
  );

/** A ballot cast offline shows as the person's ballot at once. */
const vote: Step<RoundsSnapshot, MutationArgs<'round.vote'>> = (shown, ballot) =>
  inRound(shown, ballot.roundId, (round) => ({ ...round, myBallot: [...ballot.projectIds] }));

export const roundViews = { rounds: roundsView };

export const roundSteps = { 'round.propose': { rounds: propose }, 'round.vote': { rounds: vote } };
