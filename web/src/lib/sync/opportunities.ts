import type { Locale } from '$shared/locale';
import type { Mutation, MutationArgs } from '$shared/sync';
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

/**
 * The youth's market with what waits in the outbox on top, so a place taken or an offer made with no
 * network shows at once, marked as waiting: credits for a waiting take are counted as held, and those
 * of a place being let go as back. Only the server decides (places left, credits, the hub's answer):
 * a change it refuses leaves the outbox, and so leaves the screen. A confirmed row always wins over
 * the waiting one with the same id.
 */
export function showOpportunities(data: OpportunitySnapshot, pending: Mutation[], available: number, context: ShowContext): ShownOpportunities {
  let market: ShownMarketOpportunity[] = data.market.map((o) => ({ ...o }));
  let takes: ShownTake[] = [...data.takes];
  let mine: ShownOffer[] = [...data.mine];
  let credits = available;

  for (const mutation of pending) {
    switch (mutation.name) {
      case 'opportunity.take': {
        const args = mutation.args as MutationArgs<'opportunity.take'>;
        if (takes.some((t) => t.id === args.id)) break;
        const offer = market.find((o) => o.id === args.opportunityId);
        // Gone from this device's copy (withdrawn, full): the server will say so, and nothing is shown meanwhile.
        if (!offer) break;
        const holdUntil = new Date(Date.parse(mutation.clientTime) + TAKE_HOLD_DAYS * DAY_MS).toISOString();
        takes = [
          { id: args.id, opportunityId: offer.id, title: offer.title, hubName: offer.hubName, creditPrice: offer.creditPrice, status: 'held', createdAt: mutation.clientTime, holdUntil, waiting: 'taking' },
          ...takes,
        ];
        market = market.map((o) => (o.id === offer.id ? { ...o, placesLeft: Math.max(0, o.placesLeft - 1) } : o));
        credits -= offer.creditPrice;
        break;
      }
      case 'opportunity.confirm':
      case 'opportunity.cancel': {
        const args = mutation.args as MutationArgs<'opportunity.confirm'>;
        const waiting = mutation.name === 'opportunity.confirm' ? 'confirming' : 'cancelling';
        const take = takes.find((t) => t.id === args.takeId);
        // Only a place still held can be ended; a lapsed hold gave its credits back already.
        if (!take || take.status !== 'held' || take.waiting === 'confirming' || take.waiting === 'cancelling') break;
        takes = takes.map((t) => (t.id === take.id ? { ...t, waiting } : t));
        if (waiting === 'cancelling') {
          credits += take.creditPrice;
          market = market.map((o) => (o.id === take.opportunityId ? { ...o, placesLeft: o.placesLeft + 1 } : o));
        }
        break;
      }
      case 'opportunity.propose': {
        const args = mutation.args as MutationArgs<'opportunity.propose'>;
        if (mine.some((o) => o.id === args.id)) break;
        mine = [
          {
            id: args.id, hubId: args.hubId, hubName: context.hubs.find((h) => h.id === args.hubId)?.name ?? '', title: args.title, description: args.description,
            language: context.language, category: args.category ?? null, creditPrice: args.creditPrice, placesLeft: args.places, sellerName: null,
            status: 'proposed', reason: '', taken: 0, places: args.places, waiting: 'proposing',
          },
          ...mine,
        ];
        break;
      }
      case 'opportunity.withdraw': {
        const args = mutation.args as MutationArgs<'opportunity.withdraw'>;
        mine = mine.map((o) => (o.id === args.opportunityId && (o.status === 'proposed' || o.status === 'listed') ? { ...o, waiting: 'withdrawing' } : o));
        break;
      }
    }
  }

  // A place that stands (held and not being let go, or done) marks its offer, so it is not offered twice.
  const standing = new Map<string, 'held' | 'done'>();
  for (const t of takes) {
    if (t.status === 'done') standing.set(t.opportunityId, 'done');
    else if (t.status === 'held' && t.waiting !== 'cancelling' && !standing.has(t.opportunityId)) standing.set(t.opportunityId, 'held');
  }
  market = market.map((o) => {
    const yours = standing.get(o.id);
    return yours ? { ...o, yours } : o;
  });

  return { market, takes, mine, available: Math.max(0, credits) };
}

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
