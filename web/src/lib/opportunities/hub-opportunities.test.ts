import { describe, expect, it, vi } from 'vitest';
import { m } from '$lib/i18n';
import type { HubOpportunity } from '$shared/opportunities';
import { held, refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { HubOpportunities } from './hub-opportunities.svelte';

const HUB = '00000000-0000-4000-8000-0000000000a1';

/** An opportunity as the hub's operator sees it: a youth's proposal, waiting, unless told otherwise. */
function opportunity(id: string, patch: Partial<HubOpportunity> = {}): HubOpportunity {
  return {
    id,
    hubId: HUB,
    hubName: 'Hub Corvetto',
    title: 'Chitarra per chi inizia',
    description: 'Ti insegno i primi accordi.',
    language: 'it',
    category: 'art',
    creditPrice: 30,
    placesLeft: 2,
    places: 2,
    taken: 0,
    sellerName: 'Luca',
    sellerFullName: 'Luca Bianchi',
    status: 'proposed',
    reason: '',
    createdAt: '2026-11-20T10:00:00.000Z',
    ...patch,
  };
}
const guitar = opportunity('o-guitar');
const football = opportunity('o-football', { title: 'Calcetto del giovedì', status: 'listed', taken: 1 });

describe("a hub operator's market", () => {
  useMessages();
  const server = useFakeApi();

  async function opened(opportunities: HubOpportunity[] = [guitar, football]) {
    server().on('GET /api/hub/opportunities', { opportunities });
    const market = new HubOpportunities();
    await vi.waitFor(() => expect(market.list.loading).toBe(false));
    return market;
  }

  it("loads the hub's opportunities, or says why it cannot", async () => {
    expect((await opened()).list.data).toEqual([guitar, football]);
    expect((await opened([])).list.data).toEqual([]);
    server().on('GET /api/hub/opportunities', refusal(403, 'forbidden', 'Only hub operators.'));
    const refused = new HubOpportunities();
    await vi.waitFor(() => expect(refused.list.loading).toBe(false));
    expect(refused.list.error).toBe('Only hub operators.');
  });

  it('lists a proposal in the market, busy meanwhile, and shows the list as it now stands', async () => {
    const market = await opened();
    const answer = held<unknown>();
    server().on('POST /api/hub/opportunities/o-guitar/decide', () => answer.answer);
    const approving = market.approve(guitar);
    expect(market.busy).toBe('o-guitar');
    server().on('GET /api/hub/opportunities', { opportunities: [{ ...guitar, status: 'listed' }, football] });
    answer.give({});
    await approving;
    expect(server().to('POST /api/hub/opportunities/o-guitar/decide')[0].body).toEqual({ decision: 'list', reason: '' });
    expect(market.busy).toBeNull();
    expect(market.list.data?.[0].status).toBe('listed');
    expect(market.notice).toEqual({ tone: 'success', text: m.hub_opps_listed_done({ title: guitar.title }) });
  });

  it('says why a proposal could not be listed (another operator decided first), and shows the queue anew', async () => {
    const market = await opened();
    server().on('POST /api/hub/opportunities/o-guitar/decide', refusal(409, 'opportunity_not_pending', 'Already decided.'));
    server().on('GET /api/hub/opportunities', { opportunities: [football] });
    await market.approve(guitar);
    expect(market.notice).toEqual({ tone: 'error', text: 'Already decided.' });
    expect(market.list.data).toEqual([football]);
    expect(market.busy).toBeNull();
  });

  it('refuses a proposal with the reason given', async () => {
    const market = await opened();
    server().on('POST /api/hub/opportunities/o-guitar/decide', {});
    market.askRefuse(guitar);
    expect(market.refusing).toEqual(guitar);
    await market.refuse('Non è un servizio che il hub può offrire.');
    expect(server().to('POST /api/hub/opportunities/o-guitar/decide')[0].body).toEqual({
      decision: 'refuse',
      reason: 'Non è un servizio che il hub può offrire.',
    });
    expect(market.notice).toEqual({ tone: 'success', text: m.hub_opps_refused_done({ title: guitar.title }) });
  });

  it("lets a refusal's failure reach the dialog, where the reason still is", async () => {
    const market = await opened();
    server().on('POST /api/hub/opportunities/o-guitar/decide', refusal(400, 'validation_failed', 'Say why in a few more words.'));
    market.askRefuse(guitar);
    await expect(market.refuse('No')).rejects.toThrow('Say why in a few more words.');
    expect(market.notice).toBeNull();
  });

  it('withdraws a listed opportunity once confirmed, or keeps it', async () => {
    const market = await opened();
    market.askWithdraw(football);
    expect(market.withdrawing).toBe('o-football');
    market.keep();
    expect(market.withdrawing).toBeNull();

    market.askWithdraw(football);
    server().on('POST /api/hub/opportunities/o-football/withdraw', {});
    server().on('GET /api/hub/opportunities', { opportunities: [guitar, { ...football, status: 'withdrawn' }] });
    await market.withdraw(football);
    expect(server().to('POST /api/hub/opportunities/o-football/withdraw')[0].body).toEqual({});
    expect(market.withdrawing).toBeNull();
    expect(market.list.data?.[1].status).toBe('withdrawn');
    expect(market.notice).toEqual({ tone: 'success', text: m.hub_opps_withdrawn_done({ title: football.title }) });
  });

  it('says why a withdrawal failed, and closes the question', async () => {
    const market = await opened();
    market.askWithdraw(football);
    server().offline();
    await market.withdraw(football);
    expect(market.withdrawing).toBeNull();
    expect(market.notice).toEqual({ tone: 'error', text: m.error_offline() });
    expect(market.busy).toBeNull();
  });
});
