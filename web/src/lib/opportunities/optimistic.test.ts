import { describe, expect, it } from 'vitest';
import type { Mutation } from '$shared/sync';
import type { MarketOpportunity, MyOpportunity, MyTake, OpportunitySnapshot } from '$shared/opportunities';
import { show } from '$lib/sync/registry';
import { takeBlock, takesInOrder, type ShowContext } from './optimistic';

const showOpportunities = (data: OpportunitySnapshot, pending: Mutation[], available: number, context: ShowContext) =>
  show('opportunities', data, pending, { available, context })!;

const HUB = '00000000-0000-4000-8000-0000000000a1';
const context = { hubs: [{ id: HUB, name: 'Hub Corvetto' }], language: 'it' as const };
let seq = 0;
const queued = (name: string, args: unknown): Mutation => ({
  id: `m${++seq}`,
  clientId: 'c',
  seq,
  name,
  args,
  clientTime: '2026-11-26T09:00:00.000Z',
});

const guitar: MarketOpportunity = {
  id: 'o-guitar',
  hubId: HUB,
  hubName: 'Hub Corvetto',
  title: 'Chitarra per chi inizia',
  description: 'Ti insegno i primi accordi, il sabato alle 15.',
  language: 'it',
  category: 'art',
  creditPrice: 30,
  placesLeft: 2,
  sellerName: 'Luca',
};
const maths: MarketOpportunity = {
  ...guitar,
  id: 'o-maths',
  title: 'Maths homework help',
  language: 'en',
  category: 'school',
  creditPrice: 80,
  placesLeft: 1,
  sellerName: null,
};
const heldTake: MyTake = {
  id: 't-held',
  opportunityId: 'o-maths',
  title: maths.title,
  hubName: 'Hub Corvetto',
  creditPrice: 80,
  status: 'held',
  createdAt: '2026-11-20T10:00:00.000Z',
  holdUntil: '2026-12-20T10:00:00.000Z',
};
const myOffer: MyOpportunity = {
  ...guitar,
  id: 'o-mine',
  title: 'Calcetto del giovedì',
  sellerName: 'Sara',
  status: 'listed',
  reason: '',
  taken: 1,
  places: 6,
  placesLeft: 5,
};
const snapshot = (extra: Partial<OpportunitySnapshot> = {}): OpportunitySnapshot => ({
  market: [guitar, maths],
  mine: [],
  takes: [],
  ...extra,
});

describe('the market shown with what waits in the outbox', () => {
  it('shows a place taken offline as held and waiting, one place fewer, and its credits set aside', () => {
    const shown = showOpportunities(snapshot(), [queued('opportunity.take', { id: 't-new', opportunityId: 'o-guitar' })], 100, context);
    expect(shown.takes).toEqual([
      expect.objectContaining({
        id: 't-new',
        opportunityId: 'o-guitar',
        title: guitar.title,
        creditPrice: 30,
        status: 'held',
        waiting: 'taking',
        holdUntil: '2026-12-26T09:00:00.000Z',
      }),
    ]);
    expect(shown.market.find((o) => o.id === 'o-guitar')).toMatchObject({ placesLeft: 1, yours: 'held' });
    expect(shown.available).toBe(70);
  });

  it('lets the server win: a take it has confirmed is shown once, and its credits are not counted twice', () => {
    const confirmed = { ...heldTake, id: 't-new', opportunityId: 'o-guitar', creditPrice: 30 };
    const shown = showOpportunities(
      snapshot({ takes: [confirmed] }),
      [queued('opportunity.take', { id: 't-new', opportunityId: 'o-guitar' })],
      70,
      context,
    );
    expect(shown.takes.map((t) => [t.id, t.waiting])).toEqual([['t-new', undefined]]);
    expect(shown.available).toBe(70);
  });

  it('shows nothing for a take of an offer no longer on this device, and leaves the snapshot untouched', () => {
    const data = snapshot();
    const shown = showOpportunities(data, [queued('opportunity.take', { id: 't-x', opportunityId: 'o-gone' })], 100, context);
    expect(shown.takes).toEqual([]);
    expect(shown.available).toBe(100);
    expect(data.market[0].placesLeft).toBe(2);
  });

  it('shows a place said to have happened as confirming, and one let go as cancelling with its credits back', () => {
    const data = snapshot({ takes: [heldTake, { ...heldTake, id: 't-two', opportunityId: 'o-guitar', creditPrice: 30 }] });
    const shown = showOpportunities(
      data,
      [queued('opportunity.confirm', { takeId: 't-held' }), queued('opportunity.cancel', { takeId: 't-two' })],
      20,
      context,
    );
    expect(shown.takes.map((t) => [t.id, t.waiting])).toEqual([
      ['t-held', 'confirming'],
      ['t-two', 'cancelling'],
    ]);
    expect(shown.available).toBe(50);
    // The place being let go is free again and no longer marks its offer; the one that happened still does.
    expect(shown.market.map((o) => [o.id, o.placesLeft, o.yours])).toEqual([
      ['o-guitar', 3, undefined],
      ['o-maths', 1, 'held'],
    ]);
  });

  it('gives nothing back for a lapsed or finished place, nor twice for the same place', () => {
    const data = snapshot({
      takes: [
        { ...heldTake, status: 'expired' },
        { ...heldTake, id: 't-done', status: 'done' },
        { ...heldTake, id: 't-once' },
      ],
    });
    const pending = [
      queued('opportunity.cancel', { takeId: 't-held' }),
      queued('opportunity.cancel', { takeId: 't-done' }),
      queued('opportunity.cancel', { takeId: 't-once' }),
      queued('opportunity.cancel', { takeId: 't-once' }),
    ];
    const shown = showOpportunities(data, pending, 0, context);
    expect(shown.takes.map((t) => t.waiting)).toEqual([undefined, undefined, 'cancelling']);
    expect(shown.available).toBe(80);
  });

  it('takes a place offline, then lets it go offline: the credits come back and the offer is free to take', () => {
    const pending = [
      queued('opportunity.take', { id: 't-new', opportunityId: 'o-guitar' }),
      queued('opportunity.cancel', { takeId: 't-new' }),
    ];
    const shown = showOpportunities(snapshot(), pending, 100, context);
    expect(shown.takes[0]).toMatchObject({ id: 't-new', waiting: 'cancelling' });
    expect(shown.available).toBe(100);
    expect(shown.market[0]).toMatchObject({ placesLeft: 2 });
    expect(shown.market[0].yours).toBeUndefined();
  });

  it('shows an offer made offline as proposed and waiting, with its hub named, until the server has it', () => {
    const args = {
      id: 'o-new',
      hubId: HUB,
      title: 'Skate al parco',
      description: 'Ti insegno a stare in piedi sullo skate.',
      category: null,
      creditPrice: 20,
      places: 4,
    };
    const shown = showOpportunities(snapshot({ mine: [myOffer] }), [queued('opportunity.propose', args)], 100, context);
    expect(shown.mine[0]).toMatchObject({
      id: 'o-new',
      hubName: 'Hub Corvetto',
      status: 'proposed',
      taken: 0,
      places: 4,
      language: 'it',
      waiting: 'proposing',
    });
    expect(shown.mine[1].waiting).toBeUndefined();
    const confirmed = showOpportunities(
      snapshot({ mine: [{ ...myOffer, id: 'o-new' }] }),
      [queued('opportunity.propose', args)],
      100,
      context,
    );
    expect(confirmed.mine.map((o) => [o.id, o.waiting])).toEqual([['o-new', undefined]]);
  });

  it('shows a withdrawal as waiting, only for an offer that still stands', () => {
    const refused = { ...myOffer, id: 'o-refused', status: 'refused' as const, reason: 'Serve un adulto presente.' };
    const shown = showOpportunities(
      snapshot({ mine: [myOffer, refused] }),
      [queued('opportunity.withdraw', { opportunityId: 'o-mine' }), queued('opportunity.withdraw', { opportunityId: 'o-refused' })],
      100,
      context,
    );
    expect(shown.mine.map((o) => [o.id, o.waiting])).toEqual([
      ['o-mine', 'withdrawing'],
      ['o-refused', undefined],
    ]);
  });

  it('never shows fewer than no credits', () => {
    expect(
      showOpportunities(snapshot(), [queued('opportunity.take', { id: 't-new', opportunityId: 'o-maths' })], 50, context).available,
    ).toBe(0);
  });
});

describe('whether a place can be taken', () => {
  it('says why not: a place already held, none left, or not enough credits', () => {
    expect(takeBlock({ ...guitar, yours: 'held' }, 100)).toBe('has_place');
    expect(takeBlock({ ...guitar, placesLeft: 0 }, 100)).toBe('full');
    expect(takeBlock(guitar, 29)).toBe('credits');
    expect(takeBlock(guitar, 30)).toBeNull();
  });

  it('lists the places held first, the rest as they came', () => {
    const done = { ...heldTake, id: 'a', status: 'done' as const };
    const expired = { ...heldTake, id: 'b', status: 'expired' as const };
    expect(takesInOrder([done, heldTake, expired]).map((t) => t.id)).toEqual(['t-held', 'a', 'b']);
  });
});
