import type { Locale } from '$shared/locale';
import type { MutationArgs } from '$shared/sync';
import type { EntityView, Step } from '$lib/sync/view';
import { TAKE_HOLD_DAYS, type MarketOpportunity, type MyOpportunity, type MyTake, type OpportunitySnapshot } from '$shared/opportunities';

const DAY_MS = 86_400_000;

/** An offer of the market as shown: `yours` when the youth already holds (or used) a place in it. */
export type ShownMarketOpportunity = MarketOpportunity & { yours?: 'held' | 'done' };
/** A place the youth took, confirmed by the server or still waiting in the outbox (taken, said to have happened, let go). */
export type ShownTake = MyTake & { waiting?: 'taking' | 'confirming' | 'cancelling' };
/** One of the youth's own offers, confirmed or waiting to be sent (offered, withdrawn). */
export type ShownOffer = MyOpportunity & { waiting?: 'proposing' | 'withdrawing' };

export type ShownOpportunities = {
  market: ShownMarketOpportunity[];
  takes: ShownTake[];
  mine: ShownOffer[];
  /** Credits the youth may still spend: the synced figure, less places taken offline, plus places let go offline. */
  available: number;
};

/** Why a place cannot be taken now, or null when it can. */
export type TakeBlock = 'has_place' | 'full' | 'credits' | null;

/** What the device needs beyond the snapshot to show what waits: the hubs' names, and the reader's language. */
export type ShowContext = { hubs: { id: string; name: string }[]; language: Locale };
/** What the page supplies: the credits the youth may spend as last synced, and the show context. */
export type OpportunitiesContext = { available: number; context: ShowContext };

type OpportunitiesWorking = { market: ShownMarketOpportunity[]; takes: ShownTake[]; mine: ShownOffer[]; credits: number };

/**
 * The youth's market with what waits in the outbox on top, so a place taken or an offer made with no
 * network shows at once, marked as waiting: credits for a waiting take are counted as held, and those
 * of a place being let go as back. Only the server decides (places left, credits, the hub's answer):
 * a change it refuses leaves the outbox, and so leaves the screen. A confirmed row always wins over
 * the waiting one with the same id.
 */
export const opportunitiesView: EntityView<OpportunitySnapshot, OpportunitiesWorking, ShownOpportunities, OpportunitiesContext> = {
  start: (data, { available }) =>
    data ? { market: data.market.map((o) => ({ ...o })), takes: [...data.takes], mine: [...data.mine], credits: available } : undefined,
  finish({ market, takes, mine, credits }) {
    // A place that stands (held and not being let go, or done) marks its offer, so it is not offered twice.
    const standing = new Map<string, 'held' | 'done'>();
    for (const t of takes) {
      if (t.status === 'done') standing.set(t.opportunityId, 'done');
      else if (t.status === 'held' && t.waiting !== 'cancelling' && !standing.has(t.opportunityId)) standing.set(t.opportunityId, 'held');
    }
    const marked = market.map((o) => {
      const yours = standing.get(o.id);
      return yours ? { ...o, yours } : o;
    });
    return { market: marked, takes, mine, available: Math.max(0, credits) };
  },
};

const take: Step<OpportunitiesWorking, MutationArgs<'opportunity.take'>, OpportunitiesContext> = (w, args, mutation) => {
  if (w.takes.some((t) => t.id === args.id)) return w;
  const offer = w.market.find((o) => o.id === args.opportunityId);
  // Gone from this device's copy (withdrawn, full): the server will say so, and nothing is shown meanwhile.
  if (!offer) return w;
  const holdUntil = new Date(Date.parse(mutation.clientTime) + TAKE_HOLD_DAYS * DAY_MS).toISOString();
  return {
    takes: [
      {
        id: args.id,
        opportunityId: offer.id,
        title: offer.title,
        hubName: offer.hubName,
        creditPrice: offer.creditPrice,
        status: 'held',
        createdAt: mutation.clientTime,
        holdUntil,
        waiting: 'taking',
      },
      ...w.takes,
    ],
    market: w.market.map((o) => (o.id === offer.id ? { ...o, placesLeft: Math.max(0, o.placesLeft - 1) } : o)),
    mine: w.mine,
    credits: w.credits - offer.creditPrice,
  };
};

/** Saying a place was used, or letting it go: only a place still held can be ended (a lapsed hold gave its credits back already). */
const endTake =
  (waiting: 'confirming' | 'cancelling'): Step<OpportunitiesWorking, MutationArgs<'opportunity.confirm'>, OpportunitiesContext> =>
  (w, args) => {
    const found = w.takes.find((t) => t.id === args.takeId);
    if (!found || found.status !== 'held' || found.waiting === 'confirming' || found.waiting === 'cancelling') return w;
    const takes = w.takes.map((t) => (t.id === found.id ? { ...t, waiting } : t));
    if (waiting === 'confirming') return { ...w, takes };
    return {
      ...w,
      takes,
      credits: w.credits + found.creditPrice,
      market: w.market.map((o) => (o.id === found.opportunityId ? { ...o, placesLeft: o.placesLeft + 1 } : o)),
    };
  };

const propose: Step<OpportunitiesWorking, MutationArgs<'opportunity.propose'>, OpportunitiesContext> = (
  w,
  args,
  _mutation,
  { context },
) => {
  if (w.mine.some((o) => o.id === args.id)) return w;
  const offer: ShownOffer = {
    id: args.id,
    hubId: args.hubId,
    hubName: context.hubs.find((h) => h.id === args.hubId)?.name ?? '',
    title: args.title,
    description: args.description,
    language: context.language,
    category: args.category ?? null,
    creditPrice: args.creditPrice,
    placesLeft: args.places,
    sellerName: null,
    status: 'proposed',
    reason: '',
    taken: 0,
    places: args.places,
    waiting: 'proposing',
  };
  return { ...w, mine: [offer, ...w.mine] };
};

const withdraw: Step<OpportunitiesWorking, MutationArgs<'opportunity.withdraw'>, OpportunitiesContext> = (w, args) => ({
  ...w,
  mine: w.mine.map((o) =>
    o.id === args.opportunityId && (o.status === 'proposed' || o.status === 'listed') ? { ...o, waiting: 'withdrawing' } : o,
  ),
});

export const opportunityViews = { opportunities: opportunitiesView };

export const opportunitySteps = {
  'opportunity.propose': { opportunities: propose },
  'opportunity.withdraw': { opportunities: withdraw },
  'opportunity.take': { opportunities: take },
  'opportunity.confirm': { opportunities: endTake('confirming') },
  'opportunity.cancel': { opportunities: endTake('cancelling') },
};

/** Whether the youth may take a place in this offer now, and if not, why (to say so beside the button). */
export function takeBlock(offer: ShownMarketOpportunity, available: number): TakeBlock {
  if (offer.yours) return 'has_place';
  if (offer.placesLeft <= 0) return 'full';
  if (offer.creditPrice > available) return 'credits';
  return null;
}

/** Places held first (they ask for an answer), then the rest as they came, newest first. */
export function takesInOrder(takes: ShownTake[]): ShownTake[] {
  const open = (t: ShownTake) => (t.status === 'held' ? 0 : 1);
  return [...takes].sort((a, b) => open(a) - open(b));
}
