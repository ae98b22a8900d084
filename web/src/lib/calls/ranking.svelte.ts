import { api } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import { RANKING_PAGE } from '$shared/calls';

/** The page of the ranking a place falls on (the first page is 0). */
export const rankingPageOf = (rank: number): number => Math.floor((rank - 1) / RANKING_PAGE);

async function rankingPage(callId: string, page: number) {
  return await (await api.calls[':id'].ranking.$get({ param: { id: callId }, query: { page: String(page) } })).json();
}
/** One page of a published ranking, with the call it ranks and how many lines there are in all. */
export type RankingPage = Awaited<ReturnType<typeof rankingPage>>;

/** A call's published ranking, for anyone to read, a page at a time. */
export class CallRanking {
  page = $state(0);
  readonly ranking: Resource<RankingPage>;

  constructor(callId: string) {
    this.ranking = new Resource(() => rankingPage(callId, this.page));
  }

  async go(page: number): Promise<void> {
    this.page = page;
    await this.ranking.reload();
  }
}
