import { describe, expect, it, vi } from 'vitest';
import { m } from '$lib/i18n';
import { aCall, aReviewLine } from '../../../../tests/support/calls';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { CallReview } from './call-review.svelte';

const ID = aCall().id;
const LIST = `/api/city/calls/${ID}/applications` as const;
const first = aReviewLine();
const second = aReviewLine({ applicationId: '00000000-0000-4000-8000-0000000000a2', code: 'P9RT-2MWX', rank: 2 });
const page = (lines = [first, second], total = lines.length, number = 0) => ({ lines, total, page: number });

describe("the city's review of a call's applications", () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server().on(`GET ${LIST}`, page());
    let changed = 0;
    const review = new CallReview(ID, () => changed++);
    await vi.waitFor(() => expect(review.lines.loading).toBe(false));
    return { review, changed: () => changed };
  }

  it('loads the first page of every application', async () => {
    const { review } = await opened();
    expect(review.lines.data).toEqual(page());
    expect(server().to(`GET ${LIST}`)[0].query).toEqual({ filter: 'all', page: '0' });
  });

  it('shows another filter from its first page, and another page of the same filter', async () => {
    const { review } = await opened();
    server().on(`GET ${LIST}`, page([], 0));
    await review.show({ page: 3 });
    await review.show({ filter: 'excluded' });
    expect(review.lines.data).toEqual(page([], 0));
    await review.show({ page: 1 });
    expect(
      server()
        .to(`GET ${LIST}`)
        .map((r) => r.query),
    ).toEqual([
      { filter: 'all', page: '0' },
      { filter: 'all', page: '3' },
      { filter: 'excluded', page: '0' },
      { filter: 'excluded', page: '1' },
    ]);
  });

  it('excludes an application with the reason given, reads the page again and tells the dashboard', async () => {
    const { review, changed } = await opened();
    review.problem = 'An earlier refusal';
    review.ask(first, 'exclude');
    expect(review.target).toEqual({ line: first, action: 'exclude' });
    expect(review.problem).toBeNull();
    const excluded = { ...first, status: 'excluded' as const, exclusion: 'manual' as const, rank: null };
    server().on(`POST ${LIST}/${first.applicationId}/exclude`, { line: excluded });
    server().on(`GET ${LIST}`, page([second, excluded]));
    await review.confirmed('DSU non valida');
    expect(server().to(`POST ${LIST}/${first.applicationId}/exclude`)[0].body).toEqual({ reason: 'DSU non valida' });
    expect(review.done).toBe(m.city_calls_excluded_done({ code: first.code }));
    expect(review.lines.data?.lines).toEqual([second, excluded]);
    expect(changed()).toBe(1);
  });

  it('revokes a voucher and says how many households waiting were funded in its place', async () => {
    const { review, changed } = await opened();
    review.ask(first, 'revoke');
    server().on(`POST ${LIST}/${first.applicationId}/revoke`, { line: { ...first, status: 'revoked' }, refilled: 2 });
    await review.confirmed('Dichiarazione falsa');
    expect(review.done).toBe(m.city_calls_revoked_refilled({ code: first.code, count: '2' }));

    review.ask(second, 'revoke');
    server().on(`POST ${LIST}/${second.applicationId}/revoke`, { line: { ...second, status: 'revoked' }, refilled: 0 });
    await review.confirmed('Dichiarazione falsa');
    expect(review.done).toBe(m.city_calls_revoked_done({ code: second.code }));
    expect(changed()).toBe(2);
  });

  it('lets a refusal reach the dialog, where the reason still is, and changes nothing', async () => {
    const { review, changed } = await opened();
    review.ask(first, 'exclude');
    server().on(`POST ${LIST}/${first.applicationId}/exclude`, refusal(409, 'application_not_reviewable', 'No longer eligible.'));
    await expect(review.confirmed('DSU non valida')).rejects.toThrow('No longer eligible.');
    expect(review.done).toBeNull();
    expect(changed()).toBe(0);
  });

  it("reinstates the city's own exclusion, busy meanwhile", async () => {
    const excluded = { ...first, status: 'excluded' as const, exclusion: 'manual' as const };
    const { review, changed } = await opened();
    server().on(`POST ${LIST}/${first.applicationId}/reinstate`, { line: first });
    const reinstating = review.reinstate(excluded);
    expect(review.busy).toBe(first.applicationId);
    await reinstating;
    expect(server().to(`POST ${LIST}/${first.applicationId}/reinstate`)[0].body).toEqual({});
    expect(review.busy).toBeNull();
    expect(review.done).toBe(m.city_calls_reinstated_done({ code: first.code }));
    expect(changed()).toBe(1);
  });

  it('says why a reinstatement was refused', async () => {
    const { review, changed } = await opened();
    server().on(`POST ${LIST}/${first.applicationId}/reinstate`, refusal(409, 'call_wrong_status', 'The ranking is published.'));
    await review.reinstate(first);
    expect(review.problem).toBe('The ranking is published.');
    expect(review.done).toBeNull();
    expect(review.busy).toBeNull();
    expect(changed()).toBe(0);
  });
});
