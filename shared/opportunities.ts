// Opportunities for credits: youth are "sellers and buyers of opportunities". A youth
// offers tutoring, a workshop they run or a sport session they lead; their hub's operator lists it
// (or refuses it, saying why) before anyone sees it. Hubs list rewards too. Taking one holds the
// credits until the taker says it happened; credits never become money.
import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import { IdSchema, TrimmedText } from './validation';
import type { Locale } from './locale';
import { defineMutations } from './mutation';

export const OPPORTUNITY_STATUSES = ['proposed', 'listed', 'refused', 'withdrawn'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const TAKE_STATUSES = ['held', 'done', 'cancelled'] as const;
export type TakeStatus = (typeof TAKE_STATUSES)[number];

export const MAX_CREDIT_PRICE = 500;
export const MAX_PLACES = 50;
/** How long credits stay held for a taken opportunity before they go back by themselves. */
export const TAKE_HOLD_DAYS = 30;

const integer = (min: number, max: number, message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

/** What a youth (or a hub, for a reward) writes: in their own words and language. */
export const OpportunityInputSchema = v.strictObject({
  id: IdSchema('field_opportunity_id'),
  hubId: IdSchema('field_hub'),
  title: TrimmedText(3, 80, 'field_opportunity_title'),
  description: TrimmedText(10, 600, 'field_opportunity_description'),
  category: v.optional(v.nullable(v.picklist(CATEGORIES, 'field_category')), null),
  creditPrice: integer(1, MAX_CREDIT_PRICE, 'field_opportunity_price'),
  places: integer(1, MAX_PLACES, 'field_opportunity_places'),
});
export type OpportunityInput = v.InferOutput<typeof OpportunityInputSchema>;

export const TakeSchema = v.strictObject({ id: IdSchema('field_take_id'), opportunityId: IdSchema('field_opportunity_id') });
export const TakeEndSchema = v.strictObject({ takeId: IdSchema('field_take_id') });
export const WithdrawSchema = v.strictObject({ opportunityId: IdSchema('field_opportunity_id') });

export const DecisionSchema = v.pipe(
  v.strictObject({
    decision: v.picklist(['list', 'refuse'], 'field_decision'),
    reason: v.optional(v.pipe(v.string('field_refusal_reason'), v.trim(), v.maxLength(500, 'field_refusal_reason')), ''),
  }),
  // A refusal says why: the youth reads it and can try again.
  v.forward(
    v.check((d) => d.decision === 'list' || d.reason.length >= 5, 'field_refusal_reason'),
    ['reason'],
  ),
);
export type DecisionInput = v.InferOutput<typeof DecisionSchema>;

/** An opportunity as youth see it in the market: the seller only by first name, never a surname. */
export type MarketOpportunity = {
  id: string;
  hubId: string;
  hubName: string;
  title: string;
  description: string;
  language: Locale;
  category: Category | null;
  creditPrice: number;
  placesLeft: number;
  /** A youth's first name, or null for the hub's own reward. */
  sellerName: string | null;
};

/** One of the youth's own offers, with the hub's answer. */
export type MyOpportunity = MarketOpportunity & { status: OpportunityStatus; reason: string; taken: number; places: number };

/** A place the youth took: credits held until they say it happened. */
export type MyTake = {
  id: string;
  opportunityId: string;
  title: string;
  hubName: string;
  creditPrice: number;
  status: TakeStatus | 'expired';
  createdAt: string;
  holdUntil: string;
};

/** What a hub operator moderates and manages. */
export type HubOpportunity = MyOpportunity & { sellerFullName: string | null; createdAt: string };

/** What a youth's devices keep of the market (the `opportunities` entity): what they may take, what they offer, what they took. */
export type OpportunitySnapshot = { market: MarketOpportunity[]; mine: MyOpportunity[]; takes: MyTake[] };

/** First name only: "Sara Haddad" → "Sara". */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

/** A youth's offers of their own and the places they take, for credits: made offline too. */
export const OPPORTUNITY_MUTATIONS = defineMutations({
  'opportunity.propose': {
    args: OpportunityInputSchema,
    version: 1,
    roles: ['youth'],
    label: 'market_action_propose',
    refusals: ['hub_not_found'],
    changes: [],
  },
  'opportunity.withdraw': {
    args: WithdrawSchema,
    version: 1,
    roles: ['youth'],
    label: 'market_action_withdraw',
    refusals: ['opportunity_not_found', 'opportunity_not_pending'],
    changes: [],
  },
  'opportunity.take': {
    args: TakeSchema,
    version: 1,
    roles: ['youth'],
    label: 'market_action_take',
    refusals: ['opportunity_not_found', 'opportunity_own', 'opportunity_full', 'opportunity_taken_already', 'credits_insufficient'],
    changes: [],
  },
  'opportunity.confirm': {
    args: TakeEndSchema,
    version: 1,
    roles: ['youth'],
    label: 'market_action_confirm',
    refusals: ['take_not_found', 'take_ended', 'take_expired'],
    changes: [],
  },
  'opportunity.cancel': {
    args: TakeEndSchema,
    version: 1,
    roles: ['youth'],
    label: 'market_action_cancel',
    refusals: ['take_not_found', 'take_ended', 'take_expired'],
    changes: [],
  },
});
