/**
 * Counting a micro-project round's ballots, and why each project won or lost.
 *
 * Two methods a round may choose:
 * - **Equal shares, completed greedily** (the Method of Equal Shares, as equalshares.net explains it
 *   for approval ballots): the budget is split equally among the voters; a project is bought only
 *   with the shares of those who voted for it, each paying an equal part (or all they have left, if
 *   less); the project whose supporters pay the least each is bought first, and so on while some
 *   project can still be paid. What is left of the budget then goes to the other projects by votes,
 *   each taken if it still fits.
 * - **Greedy by votes**: projects by votes, most first, each taken if it still fits the budget.
 *
 * A project with fewer votes than the round's minimum never wins. Ties go to the cheaper project,
 * then to the one with more votes, then to the one listed first in the round (the order the hub made
 * them), so the result never depends on the order in which
 * the ballots were cast or stored (the ballots are grouped and sorted before any sum is made).
 * Amounts are euro cents; a voter's share is a fraction of a cent, so shares are kept as numbers and
 * compared with a tolerance of a millionth of a cent.
 */

export const COUNTING_METHODS = ['equal_shares', 'greedy'] as const;
export type CountingMethod = (typeof COUNTING_METHODS)[number];

export type CountProject = { id: string; cost: number };
/** One ballot: the ids of the projects it approves (a basket, or an approval list). */
export type CountBallot = readonly string[];

export type CountInput = {
  method: CountingMethod;
  /** The round's budget in cents. */
  budget: number;
  projects: readonly CountProject[];
  ballots: readonly CountBallot[];
  /** The least number of votes a winner needs (at least 1). */
  minVotes: number;
};

/** Why a project won or lost, for the results page. */
export type ProjectOutcome =
  | {
      result: 'won_equal_shares';
      /** Its turn among the projects bought with equal shares (1 is first). */
      step: number;
      /** The most any one of its voters paid, in cents (others paid all they had left, which was less). */
      maxPayment: number;
      /** How many voters it was worth to the method: cost ÷ the most one voter paid. */
      effectiveVotes: number;
    }
  | {
      result: 'won_greedy' | 'lost_budget';
      /** Its turn in the order by votes (1 is first), among the projects still in the running. */
      turn: number;
      /** What was left of the budget when its turn came, in cents. */
      budgetLeft: number;
    }
  | { result: 'too_few_votes' };

export type ProjectCount = {
  id: string;
  cost: number;
  votes: number;
  won: boolean;
  outcome: ProjectOutcome;
  /** With equal shares: what its voters had left of their shares when no more projects could be paid that way, in cents. */
  supportersMoneyLeft?: number;
};

export type CountResult = {
  method: CountingMethod;
  budget: number;
  voters: number;
  /** Each voter's share of the budget with equal shares, in cents (0 with no ballots). */
  share: number;
  /** The winners in the order they were chosen. */
  winners: string[];
  spent: number;
  /** Every project, in the order of the round's projects. */
  projects: ProjectCount[];
};

/** A millionth of a cent: sums of shares differ by less than this only through rounding. */
const EPSILON = 1e-6;

type Group = { projects: readonly number[]; voters: number; money: number };

/** Counts a round's ballots. Ballots naming an unknown project, or a project twice, are counted without it. */
export function countVotes(input: CountInput): CountResult {
  const index = new Map(input.projects.map((p, i) => [p.id, i]));
  const groups = groupBallots(input.ballots, index);
  const voters = groups.reduce((sum, g) => sum + g.voters, 0);
  const votes = input.projects.map(() => 0);
  const supporters: Group[][] = input.projects.map(() => []);
  for (const group of groups)
    for (const p of group.projects) {
      votes[p] += group.voters;
      supporters[p].push(group);
    }
  const minVotes = Math.max(1, input.minVotes);
  const outcomes: (ProjectOutcome | undefined)[] = input.projects.map((_, p) =>
    votes[p] < minVotes ? { result: 'too_few_votes' } : undefined,
  );
  const winners: number[] = [];
  let spent = 0;
  const share = input.method === 'equal_shares' && voters > 0 ? input.budget / voters : 0;
  let moneyLeft: number[] | undefined;

  if (input.method === 'equal_shares' && voters > 0) {
    for (const group of groups) group.money = share;
    // The last effective vote count of each project still in the running: it only ever falls, so a
    // project whose last count is below the best found this round cannot beat it and is not recomputed.
    const running = new Map<number, number>();
    input.projects.forEach((_, p) => {
      if (!outcomes[p] && input.projects[p].cost > 0) running.set(p, votes[p]);
    });
    for (let step = 1; ; step++) {
      let best: number[] = [];
      let bestCount = 0;
      const order = [...running].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [p, previous] of order) {
        if (previous < bestCount - EPSILON) break;
        const count = effectiveVotes(input.projects[p].cost, supporters[p]);
        if (count === null) {
          running.delete(p);
          continue;
        }
        running.set(p, count);
        if (count > bestCount + EPSILON) [best, bestCount] = [[p], count];
        else if (count >= bestCount - EPSILON) best.push(p);
      }
      if (best.length === 0) break;
      const chosen = best.sort((a, b) => input.projects[a].cost - input.projects[b].cost || votes[b] - votes[a] || a - b)[0];
      const cost = input.projects[chosen].cost;
      const maxPayment = cost / bestCount;
      for (const group of supporters[chosen]) group.money = Math.max(0, group.money - Math.min(maxPayment, group.money));
      running.delete(chosen);
      winners.push(chosen);
      spent += cost;
      outcomes[chosen] = { result: 'won_equal_shares', step, maxPayment, effectiveVotes: bestCount };
    }
    moneyLeft = input.projects.map((_, p) => supporters[p].reduce((sum, g) => sum + g.voters * g.money, 0));
  }

  // Greedy: by votes (most first), cheaper first on a tie, each taken if it still fits.
  const byVotes = input.projects
    .map((_, p) => p)
    .filter((p) => !outcomes[p])
    .sort((a, b) => votes[b] - votes[a] || input.projects[a].cost - input.projects[b].cost || a - b);
  byVotes.forEach((p, i) => {
    const budgetLeft = input.budget - spent;
    const fits = input.projects[p].cost <= budgetLeft;
    outcomes[p] = { result: fits ? 'won_greedy' : 'lost_budget', turn: i + 1, budgetLeft };
    if (fits) {
      winners.push(p);
      spent += input.projects[p].cost;
    }
  });

  return {
    method: input.method,
    budget: input.budget,
    voters,
    share,
    winners: winners.map((p) => input.projects[p].id),
    spent,
    projects: input.projects.map((project, p) => ({
      id: project.id,
      cost: project.cost,
      votes: votes[p],
      won: winners.includes(p),
      outcome: outcomes[p]!,
      ...(moneyLeft ? { supportersMoneyLeft: moneyLeft[p] } : {}),
    })),
  };
}

/**
 * How many voters a project is worth now (its cost ÷ the most one of its voters would pay, when each
 * pays an equal part or all they have left if less), or null if its voters cannot pay for it at all.
 */
function effectiveVotes(cost: number, groups: Group[]): number | null {
  let money = 0;
  let voters = 0;
  for (const group of groups) {
    money += group.voters * group.money;
    voters += group.voters;
  }
  if (money < cost - EPSILON) return null;
  // The poorest pay all they have until an equal part of what remains is within everyone's reach.
  const poorestFirst = [...groups].sort((a, b) => a.money - b.money);
  let paid = 0;
  for (const group of poorestFirst) {
    const part = (cost - paid) / voters;
    // cost ÷ part, written so that voters who all pay equally count exactly as many.
    if (part <= group.money + EPSILON) return (cost * voters) / (cost - paid);
    paid += group.voters * group.money;
    voters -= group.voters;
  }
  return null;
}

/** Voters with the same ballot are alike throughout the count: one group each, in a fixed order. */
function groupBallots(ballots: readonly CountBallot[], index: Map<string, number>): Group[] {
  const groups = new Map<string, Group>();
  for (const ballot of ballots) {
    const projects = [...new Set(ballot.map((id) => index.get(id)).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
    if (projects.length === 0) continue;
    const key = projects.join(',');
    const group = groups.get(key);
    if (group) group.voters++;
    else groups.set(key, { projects, voters: 1, money: 0 });
  }
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, group]) => group);
}
