import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countVotes, type CountBallot, type CountInput } from './vote-count';

const repeat = (times: number, ballot: CountBallot): CountBallot[] => Array.from({ length: times }, () => ballot);

describe('equal shares', () => {
  // The method's own motivating example: 51 % of the voters want the ten red projects, 49 % the ten
  // blue ones, and the money suffices for ten. Equal shares gives each side what its shares can buy
  // (five red, four blue: 100 voters with €10 each, every project €100); greedy counting gives the
  // majority everything.
  const red = Array.from({ length: 10 }, (_, i) => `red-${i + 1}`);
  const blue = Array.from({ length: 10 }, (_, i) => `blue-${i + 1}`);
  const colours: CountInput = {
    method: 'equal_shares',
    budget: 1000_00,
    projects: [...red, ...blue].map((id) => ({ id, cost: 100_00 })),
    ballots: [...repeat(51, red), ...repeat(49, blue)],
    minVotes: 1,
  };

  it('buys with each group of voters what its shares can pay for, then completes by votes', () => {
    const result = countVotes(colours);
    expect(result.share).toBe(10_00);
    expect(result.winners).toEqual(['red-1', 'red-2', 'red-3', 'red-4', 'red-5', 'blue-1', 'blue-2', 'blue-3', 'blue-4', 'red-6']);
    expect(result.spent).toBe(1000_00);
    const first = result.projects.find((p) => p.id === 'red-1')!;
    expect(first.outcome).toMatchObject({ result: 'won_equal_shares', step: 1, effectiveVotes: 51 });
    expect(first.outcome.result === 'won_equal_shares' && first.outcome.maxPayment).toBeCloseTo(100_00 / 51, 6);
    // Red voters have 10000/51 ≈ 19.6 cents each left after five projects: 10 € in all, short of a sixth.
    expect(result.projects.find((p) => p.id === 'red-7')!.supportersMoneyLeft).toBeCloseTo(10_00, 6);
    expect(result.projects.find((p) => p.id === 'red-6')!.outcome).toEqual({ result: 'won_greedy', turn: 1, budgetLeft: 100_00 });
    expect(result.projects.find((p) => p.id === 'blue-5')!.outcome).toEqual({ result: 'lost_budget', turn: 6, budgetLeft: 0 });
  });

  it('gives the majority everything when counted greedily', () => {
    const result = countVotes({ ...colours, method: 'greedy' });
    expect(result.winners).toEqual(red);
    expect(result.share).toBe(0);
    expect(result.projects.every((p) => p.supportersMoneyLeft === undefined)).toBe(true);
  });

  it('has a poorer voter pay all they have left and the others an equal part of the rest', () => {
    // €4 among four voters: €1 each. A (€1.50, three voters) first at 50 cents each; then B (€1.20):
    // the voter who paid for A has 50 cents left and pays them, the other pays the remaining 70.
    const result = countVotes({
      method: 'equal_shares',
      budget: 400,
      projects: [
        { id: 'A', cost: 150 },
        { id: 'B', cost: 120 },
      ],
      ballots: [['A', 'B'], ['A'], ['A'], ['B']],
      minVotes: 1,
    });
    expect(result.winners).toEqual(['A', 'B']);
    expect(result.projects[0].outcome).toEqual({ result: 'won_equal_shares', step: 1, maxPayment: 50, effectiveVotes: 3 });
    const b = result.projects[1].outcome;
    expect(b).toMatchObject({ result: 'won_equal_shares', step: 2, maxPayment: 70 });
    expect(b.result === 'won_equal_shares' && b.effectiveVotes).toBeCloseTo(120 / 70, 9);
  });

  it('breaks a tie in effective votes for the cheaper project, and says why the others lost', () => {
    // €3 among three voters. A and B are both worth two voters; B is cheaper and goes first. Then
    // neither A's nor C's voters have enough left; of the €1.50 left, C fits and A does not.
    const result = countVotes({
      method: 'equal_shares',
      budget: 300,
      projects: [
        { id: 'A', cost: 200 },
        { id: 'B', cost: 150 },
        { id: 'C', cost: 100 },
      ],
      ballots: [['A'], ['A', 'B'], ['B', 'C']],
      minVotes: 1,
    });
    expect(result.winners).toEqual(['B', 'C']);
    expect(result.projects.map((p) => p.outcome)).toEqual([
      { result: 'lost_budget', turn: 1, budgetLeft: 150 },
      { result: 'won_equal_shares', step: 1, maxPayment: 75, effectiveVotes: 2 },
      { result: 'won_greedy', turn: 2, budgetLeft: 150 },
    ]);
    expect(result.projects[0].supportersMoneyLeft).toBeCloseTo(125, 9);
  });

  it('never lets a project under the least number of votes win, whatever the budget left', () => {
    const result = countVotes({
      method: 'equal_shares',
      budget: 1000,
      projects: [
        { id: 'A', cost: 100 },
        { id: 'B', cost: 100 },
      ],
      ballots: [['A'], ['A'], ['B']],
      minVotes: 2,
    });
    expect(result.winners).toEqual(['A']);
    expect(result.projects[1]).toMatchObject({ votes: 1, won: false, outcome: { result: 'too_few_votes' } });
  });

  it('counts nothing from no ballots, and ignores unknown projects and repeats on a ballot', () => {
    const projects = [{ id: 'A', cost: 100 }];
    expect(countVotes({ method: 'equal_shares', budget: 100, projects, ballots: [], minVotes: 1 })).toMatchObject({
      voters: 0,
      share: 0,
      winners: [],
      spent: 0,
    });
    const result = countVotes({ method: 'equal_shares', budget: 100, projects, ballots: [['A', 'A', 'gone'], ['gone']], minVotes: 1 });
    expect(result).toMatchObject({ voters: 1, winners: ['A'] });
    expect(result.projects[0].votes).toBe(1);
  });
});

describe('counting, for any round', () => {
  const round = fc
    .record({
      costs: fc.array(fc.integer({ min: 1, max: 5000_00 }), { minLength: 1, maxLength: 8 }),
      budget: fc.integer({ min: 1, max: 20000_00 }),
      minVotes: fc.integer({ min: 1, max: 4 }),
      method: fc.constantFrom('equal_shares' as const, 'greedy' as const),
      picks: fc.array(fc.array(fc.nat({ max: 7 }), { maxLength: 8 }), { maxLength: 40 }),
    })
    .map(({ costs, budget, minVotes, method, picks }) => ({
      method,
      budget,
      minVotes,
      projects: costs.map((cost, i) => ({ id: `p${i}`, cost })),
      ballots: picks.map((ballot) => ballot.filter((p) => p < costs.length).map((p) => `p${p}`)),
    }));

  it('never spends more than the budget, and only on projects with enough votes', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = countVotes(input);
        const cost = new Map(input.projects.map((p) => [p.id, p.cost]));
        expect(result.spent).toBe(result.winners.reduce((sum, id) => sum + cost.get(id)!, 0));
        expect(result.spent).toBeLessThanOrEqual(input.budget);
        expect(new Set(result.winners).size).toBe(result.winners.length);
        for (const p of result.projects) {
          expect(p.won).toBe(result.winners.includes(p.id));
          if (p.won) expect(p.votes).toBeGreaterThanOrEqual(input.minVotes);
          // Completed greedily: a project with enough votes is left out only if it no longer fits.
          else if (p.votes >= input.minVotes) expect(p.cost).toBeGreaterThan(input.budget - result.spent);
        }
      }),
    );
  });

  it('gives the same result whatever the order of the ballots', () => {
    fc.assert(
      fc.property(
        round.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray(input.ballots, { minLength: input.ballots.length, maxLength: input.ballots.length }),
          ),
        ),
        ([input, shuffled]) => {
          expect(countVotes({ ...input, ballots: shuffled })).toEqual(countVotes(input));
        },
      ),
    );
  });

  it('with equal shares, charges no voter more than their share', () => {
    fc.assert(
      fc.property(
        round.filter((input) => input.method === 'equal_shares'),
        (input) => {
          const result = countVotes(input);
          // What the projects bought with equal shares cost is at most what their voters' shares were worth.
          const boughtWithShares = result.projects.filter((p) => p.outcome.result === 'won_equal_shares');
          const payers = input.ballots.filter((b) => b.some((id) => boughtWithShares.some((p) => p.id === id))).length;
          expect(boughtWithShares.reduce((sum, p) => sum + p.cost, 0)).toBeLessThanOrEqual(result.share * payers + 1e-6);
          for (const p of result.projects)
            if (p.outcome.result === 'won_equal_shares') expect(p.outcome.maxPayment).toBeLessThanOrEqual(result.share + 1e-6);
        },
      ),
    );
  });
});
