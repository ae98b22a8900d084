import { api } from '$lib/services/api';
import type { RoundResults } from '$shared/micro-projects';
import type { ProjectCount } from '$shared/vote-count';

/** A round's results, for anyone (no sign-in needed). */
export async function roundResults(id: string): Promise<RoundResults> {
  return (await (await api.rounds[':id'].results.$get({ param: { id } })).json()) as RoundResults;
}

/** The projects in the order a results page reads them: the winners as they were chosen, then the others by votes. */
export function inResultOrder(projects: readonly ProjectCount[], winners: readonly string[]): ProjectCount[] {
  const place = new Map(winners.map((id, i) => [id, i]));
  return [...projects].sort((a, b) => {
    const pa = place.get(a.id);
    const pb = place.get(b.id);
    if (pa !== undefined || pb !== undefined) return (pa ?? Infinity) - (pb ?? Infinity);
    return b.votes - a.votes || a.cost - b.cost || (a.id < b.id ? -1 : 1);
  });
}
