// A call's ranking, which explains itself (most points first, then the call's tie-breakers, then the
// application code, so no two lines tie), and the allocation in rank order until the budget is spent.
import type { TieBreaker } from './calls';

/** What the ranking orders by. */
export type Rankable = { code: string; points: number; iseeCents: number; minors: number; submittedAt: string };

/** Most points first; then the call's tie-breakers in order; then the application code, so no two lines ever tie. */
export function compareForRanking(tieBreakers: readonly TieBreaker[]) {
  return (a: Rankable, b: Rankable): number => {
    if (a.points !== b.points) return b.points - a.points;
    for (const t of tieBreakers) {
      if (t === 'isee_lower' && a.iseeCents !== b.iseeCents) return a.iseeCents - b.iseeCents;
      if (t === 'more_minors' && a.minors !== b.minors) return b.minors - a.minors;
      // By instant, not by text: two spellings of one instant, or times a millisecond cannot tell
      // apart, fall through to the next tie-breaker and at last to the code.
      if (t === 'earlier_submission' && a.submittedAt !== b.submittedAt) {
        const earlier = Date.parse(a.submittedAt) - Date.parse(b.submittedAt);
        if (earlier) return earlier;
      }
    }
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  };
}

/** The eligible applications in rank order, numbered from 1. */
export function rank<T extends Rankable>(tieBreakers: readonly TieBreaker[], lines: readonly T[]): (T & { rank: number })[] {
  return [...lines].sort(compareForRanking(tieBreakers)).map((line, i) => ({ ...line, rank: i + 1 }));
}

/**
 * Allocation in rank order: each household in turn gets its whole amount while the budget lasts. The
 * first that does not fit stops it (no one lower jumps ahead); it and everyone after wait.
 */
export function allocate<T extends { amountCents: number }>(
  budgetCents: number,
  ranked: readonly T[],
): { funded: T[]; waiting: T[]; allocatedCents: number } {
  let left = budgetCents;
  let i = 0;
  for (; i < ranked.length && ranked[i].amountCents <= left; i++) left -= ranked[i].amountCents;
  return { funded: ranked.slice(0, i), waiting: ranked.slice(i), allocatedCents: budgetCents - left };
}
