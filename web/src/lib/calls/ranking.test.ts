import { describe, expect, it, vi } from 'vitest';
import { RANKING_PAGE } from '$shared/calls';
import { aCall } from '../../../../tests/support/calls';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { CallRanking, rankingPageOf } from './ranking.svelte';

const call = aCall({ status: 'published', publishedAt: '2026-12-02T10:00:00.000Z' });
const RANKING = `/api/calls/${call.id}/ranking` as const;
const page = (number: number) => ({
  call,
  lines: [{ code: 'K7QM-3XPA', rank: number * RANKING_PAGE + 1, points: 12, amountCents: 300_00, status: null }],
  total: 250,
  page: number,
});

describe("a call's published ranking", () => {
  useMessages();
  const server = useFakeApi();

  it('finds the page a place is on', () => {
    expect([1, RANKING_PAGE, RANKING_PAGE + 1, 2 * RANKING_PAGE + 7].map(rankingPageOf)).toEqual([0, 0, 1, 2]);
  });

  it('loads the first page, then the page asked for', async () => {
    server().on(`GET ${RANKING}`, (request) => page(Number(request.query.page)));
    const ranking = new CallRanking(call.id);
    await vi.waitFor(() => expect(ranking.ranking.loading).toBe(false));
    expect(ranking.ranking.data).toEqual(page(0));
    await ranking.go(2);
    expect(ranking.page).toBe(2);
    expect(ranking.ranking.data).toEqual(page(2));
  });

  it('says why when the ranking is not published', async () => {
    server().on(`GET ${RANKING}`, refusal(404, 'not_found', 'No ranking yet.'));
    const ranking = new CallRanking(call.id);
    await vi.waitFor(() => expect(ranking.ranking.loading).toBe(false));
    expect(ranking.ranking.error).toBe('No ranking yet.');
  });
});
