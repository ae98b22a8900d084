import { ballotProblem, type BallotProblem, type MyRound } from '$shared/round-participation';

/** A ballot being filled in, as the person sees it: what it adds up to, and whether the round's rules take it. */
export type BallotSummary = {
  chosen: number;
  total: number;
  /** The least a basket must add up to (0 for approval). */
  least: number;
  problem: BallotProblem | null;
};

export function summarize(round: Pick<MyRound, 'ballot' | 'budget' | 'projects'>, chosen: readonly string[]): BallotSummary {
  const costs = new Map(round.projects.map((p) => [p.id, p.cost]));
  return {
    chosen: chosen.length,
    total: chosen.reduce((sum, id) => sum + (costs.get(id) ?? 0), 0),
    least: round.ballot.kind === 'basket' ? Math.ceil((round.budget * round.ballot.minSharePercent) / 100) : 0,
    problem: chosen.length === 0 ? null : ballotProblem(round.ballot, round.budget, costs, chosen),
  };
}
