// `npm run bench -- vote`: a large micro-project round counted by equal shares (completed greedily),
// against greedy counting of the same ballots in the same run. 20,000 ballots over 100 projects is
// our own figure for the largest round a city might hold (Milan's hubs reached 800 young people
// each year; the target is set far above it); the costs and the ballots are drawn from a seeded
// generator, so every run counts the same round.
import { performance } from 'node:perf_hooks';
import { countVotes, type CountBallot, type CountInput } from '$shared/vote-count';
import { median } from './measure';

const PROJECTS = 100;
const BALLOTS = 20_000;
const RUNS = 5;
/** Our figure: €60,000 for the round, about a sixth of what the projects would cost together. */
const BUDGET = 60_000_00;

/** A small seeded generator (mulberry32): the same round on every run. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(2026);
// Costs from €500 to €6,500 in whole euros; popularity uneven, as real rounds are (a few projects
// draw most votes), and voters from four neighbourhoods lean towards their own quarter's projects.
const projects = Array.from({ length: PROJECTS }, (_, i) => ({ id: `p${i + 1}`, cost: Math.round(500 + random() * 6000) * 100 }));
const appeal = projects.map(() => random() ** 3);
const ballots: CountBallot[] = Array.from({ length: BALLOTS }, () => {
  const quarter = Math.floor(random() * 4);
  const basket: string[] = [];
  let spent = 0;
  for (let tries = 0; tries < 30 && basket.length < 6; tries++) {
    const p = Math.floor(random() * PROJECTS);
    const near = p % 4 === quarter ? 2 : 1;
    if (random() < appeal[p] * near && !basket.includes(projects[p].id) && spent + projects[p].cost <= BUDGET) {
      basket.push(projects[p].id);
      spent += projects[p].cost;
    }
  }
  return basket.length ? basket : [projects[Math.floor(random() * PROJECTS)].id];
});

function time(input: CountInput): { ms: number; winners: number } {
  const times: number[] = [];
  let winners = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    winners = countVotes(input).winners.length;
    times.push(performance.now() - t0);
  }
  return { ms: median(times), winners };
}

const round = { budget: BUDGET, projects, ballots, minVotes: 1 };
const greedy = time({ ...round, method: 'greedy' });
const equalShares = time({ ...round, method: 'equal_shares' });
console.log(`  greedy: ${greedy.winners} winners in ${greedy.ms.toFixed(1)} ms (median of ${RUNS})`);
console.log(`  equal shares: ${equalShares.winners} winners in ${equalShares.ms.toFixed(1)} ms (median of ${RUNS})`);
console.log(
  `vote: counted ${BALLOTS} ballots over ${PROJECTS} projects by equal shares in ${equalShares.ms.toFixed(0)} ms, ${(equalShares.ms / greedy.ms).toFixed(1)}× the time of greedy counting`,
);
