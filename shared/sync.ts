// The sync protocol (DESIGN §9): what a device pushes, what it pulls, and the rule for a mutation made
// offline before a deadline and received after it. Shared by the server, which is the authority, and
// the web app's outbox.
import * as v from 'valibot';
import { AddMinorSchema } from './household';
import { BookSchema, CancelBookingSchema, RedeemSchema } from './booking';
import { IdSchema } from './validation';
import { UpdateProfileSchema } from './account';
import { ApplySchema, DeclineSchema } from './calls';
import { BoardSchema, CheckinSchema, PollAnswerSchema, RemindersSchema } from './game';
import { OpportunityInputSchema, TakeEndSchema, TakeSchema, WithdrawSchema } from './opportunities';
import type { ErrorCode } from './errors';
import type { TransferPage, WalletAccount } from './ledger';

/** The most mutations one push may carry; a longer outbox goes in several pushes. */
export const MAX_PUSH = 200;
/** The most changes one pull answers; `more` says there are others. */
export const MAX_PULL = 500;


export const MutationSchema = v.object({
  id: IdSchema('field_mutation_id'),
  clientId: IdSchema('field_client_id'),
  seq: v.pipe(v.number('field_seq'), v.integer('field_seq'), v.minValue(1, 'field_seq'), v.maxValue(Number.MAX_SAFE_INTEGER, 'field_seq')),
  name: v.pipe(v.string('field_mutation_name'), v.minLength(1, 'field_mutation_name'), v.maxLength(100, 'field_mutation_name')),
  args: v.unknown(),
  clientTime: v.pipe(v.string('field_client_time'), v.isoTimestamp('field_client_time')),
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

export const PushSchema = v.pipe(
  v.object({
    // Whose outbox this is: a device whose session now belongs to someone else must not apply it for them.
    userId: IdSchema('field_user_id'),
    clientId: IdSchema('field_client_id'),
    mutations: v.pipe(v.array(MutationSchema, 'field_mutations'), v.minLength(1, 'field_mutations'), v.maxLength(MAX_PUSH, 'field_mutations')),
  }),
  v.check((push) => push.mutations.every((m) => m.clientId === push.clientId), 'field_client_id'),
);
export type PushInput = v.InferOutput<typeof PushSchema>;

export type MutationStatus = 'applied' | 'duplicate' | 'rejected';
export type MutationResult = { id: string; status: MutationStatus; code?: ErrorCode; message?: string };
export type PushResponse = { results: MutationResult[]; lastSeq: number };

export const PullQuerySchema = v.object({
  userId: IdSchema('field_user_id'),
  clientId: IdSchema('field_client_id'),
  cursor: v.optional(v.pipe(v.string('field_cursor'), v.regex(/^\d{1,15}$/, 'field_cursor'), v.transform(Number))),
});

/** What a device keeps: the whole new state of one thing (null: it is gone). */
/** `calls`: for a guardian, the calls open now and those the household applied to, with its application (FamilyCall[]). */
/** `game`: a youth's board (GameSnapshot); `family_game`: a guardian's view of the children's play (ChildGame[]). */
/** `opportunities`: for a youth, the market, their own offers and the places they took (OpportunitySnapshot). */
export type Entity = 'me' | 'household' | 'wallet' | 'bookings' | 'calls' | 'game' | 'family_game' | 'opportunities';
export type Change = { entity: Entity; id: string; data: unknown };
/** The `wallet` entity: the person's accounts and the first page of their history. */
export type WalletSnapshot = { accounts: WalletAccount[]; history: TransferPage };
export type Rejection = { id: string; seq: number; name: string; code: ErrorCode; message: string };
export type PullResponse = {
  cursor: number;
  changes: Change[];
  more: boolean;
  /** The device's last applied mutation: anything at or below it in its outbox is done. */
  lastSeq: number;
  /** Mutations of this device refused since the cursor, with the reason in the caller's language. */
  rejections: Rejection[];
  /** The server's clock: deadlines count down on it, not on a phone set wrong. */
  serverTime: string;
};

/** The mutations that exist, with their arguments' schemas: the client checks before queueing, the server on receipt. */
export const MUTATION_ARGS = {
  'profile.update': UpdateProfileSchema,
  'household.addMinor': v.object({ ...AddMinorSchema.entries, id: IdSchema('field_minor_id') }),
  'booking.create': BookSchema,
  'booking.cancel': CancelBookingSchema,
  'booking.redeem': RedeemSchema,
  'call.apply': ApplySchema,
  'call.decline': DeclineSchema,
  'checkin.create': CheckinSchema,
  'poll.answer': PollAnswerSchema,
  'board.set': BoardSchema,
  'reminders.set': RemindersSchema,
  'opportunity.propose': OpportunityInputSchema,
  'opportunity.withdraw': WithdrawSchema,
  'opportunity.take': TakeSchema,
  'opportunity.confirm': TakeEndSchema,
  'opportunity.cancel': TakeEndSchema,
} as const;
export type MutationName = keyof typeof MUTATION_ARGS;
export type MutationArgs<N extends MutationName> = v.InferOutput<(typeof MUTATION_ARGS)[N]>;

/**
 * Whether a mutation received after its deadline still counts (DESIGN §9): only within the grace
 * window, only if the device says it was made before the deadline, and only if that claim is not
 * older than the device's last confirmed sync (a device cannot backdate what it did after syncing).
 */
export function lateMutationAccepted(rule: { receivedAt: Date; deadline: Date; graceMs: number; clientTime: Date; lastSyncedAt: Date | null }): boolean {
  const { receivedAt, deadline, graceMs, clientTime, lastSyncedAt } = rule;
  if (receivedAt.getTime() <= deadline.getTime()) return true;
  if (receivedAt.getTime() > deadline.getTime() + graceMs) return false;
  if (clientTime.getTime() > deadline.getTime()) return false;
  return lastSyncedAt === null || clientTime.getTime() >= lastSyncedAt.getTime();
}
