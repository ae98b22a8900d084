// The sync protocol: what a device pushes, what it pulls, and the rule for a mutation made
// offline before a deadline and received after it. Shared by the server, which is the authority, and
// the web app's outbox.
import * as v from 'valibot';
import { IdSchema } from './validation';
import { PROFILE_MUTATIONS } from './account';
import { HOUSEHOLD_MUTATIONS } from './household';
import { BOOKING_MUTATIONS } from './booking';
import { CALL_MUTATIONS } from './calls';
import { GAME_MUTATIONS } from './game';
import { OPPORTUNITY_MUTATIONS } from './opportunities';
import { ROUND_MUTATIONS } from './round-participation';
import { SAVED_MUTATIONS } from './saved';
import type { MutationContract } from './mutation';
import type { Entity } from './entities';
import type { ErrorCode } from './errors';

/**
 * The version of this protocol (the shapes of push and pull). A device and a server that do not share
 * one are told so rather than misread each other: a device older than `MIN_PROTOCOL` is asked to
 * update, and one newer than the server keeps its outbox until the server is updated too. Version 1
 * is the protocol before it carried a version: a push or pull that names none is read as version 1.
 */
export const PROTOCOL = 2;
export const MIN_PROTOCOL = 1;
const ProtocolSchema = v.pipe(
  v.number('field_protocol'),
  v.integer('field_protocol'),
  v.minValue(0, 'field_protocol'),
  v.maxValue(1_000_000, 'field_protocol'),
);

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
  /** The version of the arguments' shape the device queued them under (absent: 1). */
  v: v.optional(
    v.pipe(
      v.number('field_mutation_version'),
      v.integer('field_mutation_version'),
      v.minValue(1, 'field_mutation_version'),
      v.maxValue(1_000_000, 'field_mutation_version'),
    ),
  ),
  clientTime: v.pipe(v.string('field_client_time'), v.isoTimestamp('field_client_time')),
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

export const PushSchema = v.pipe(
  v.object({
    protocol: v.optional(ProtocolSchema, 1),
    // Whose outbox this is: a device whose session now belongs to someone else must not apply it for them.
    userId: IdSchema('field_user_id'),
    clientId: IdSchema('field_client_id'),
    mutations: v.pipe(
      v.array(MutationSchema, 'field_mutations'),
      v.minLength(1, 'field_mutations'),
      v.maxLength(MAX_PUSH, 'field_mutations'),
    ),
  }),
  v.check((push) => push.mutations.every((m) => m.clientId === push.clientId), 'field_client_id'),
);
/** A push as the sync service applies it (its protocol is checked on the way in). */
export type PushInput = Omit<v.InferOutput<typeof PushSchema>, 'protocol'>;

export type MutationStatus = 'applied' | 'duplicate' | 'rejected';
export type MutationResult = { id: string; status: MutationStatus; code?: ErrorCode; message?: string; action?: string };
export type PushResponse = { results: MutationResult[]; lastSeq: number };

export const PullQuerySchema = v.object({
  protocol: v.optional(v.pipe(v.string('field_protocol'), v.regex(/^\d{1,7}$/, 'field_protocol'), v.transform(Number)), '1'),
  userId: IdSchema('field_user_id'),
  clientId: IdSchema('field_client_id'),
  cursor: v.optional(v.pipe(v.string('field_cursor'), v.regex(/^\d{1,15}$/, 'field_cursor'), v.transform(Number))),
});

/** What a device keeps: the whole new state of one thing (null: it is gone). */
export type Change = { entity: Entity; id: string; data: unknown };
/** A mutation the server refused: why, and what the action was called, both in the caller's language. */
export type Rejection = { id: string; seq: number; name: string; code: ErrorCode; message: string; action: string };
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

/** Every offline action there is, by feature: a feature's own file declares its mutations. */
export const MUTATIONS = {
  ...PROFILE_MUTATIONS,
  ...HOUSEHOLD_MUTATIONS,
  ...BOOKING_MUTATIONS,
  ...SAVED_MUTATIONS,
  ...CALL_MUTATIONS,
  ...GAME_MUTATIONS,
  ...OPPORTUNITY_MUTATIONS,
  ...ROUND_MUTATIONS,
} satisfies Record<string, MutationContract>;
export type MutationName = keyof typeof MUTATIONS;
export type MutationArgs<N extends MutationName> = v.InferOutput<(typeof MUTATIONS)[N]['args']>;

export const isMutationName = (name: string): name is MutationName => Object.hasOwn(MUTATIONS, name);

/**
 * Whether a mutation received after its deadline still counts: only within the grace
 * window, only if the device says it was made before the deadline, and only if that claim is not
 * older than the device's last confirmed sync (a device cannot backdate what it did after syncing).
 */
export function lateMutationAccepted(rule: {
  receivedAt: Date;
  deadline: Date;
  graceMs: number;
  clientTime: Date;
  lastSyncedAt: Date | null;
}): boolean {
  const { receivedAt, deadline, graceMs, clientTime, lastSyncedAt } = rule;
  if (receivedAt.getTime() <= deadline.getTime()) return true;
  if (receivedAt.getTime() > deadline.getTime() + graceMs) return false;
  if (clientTime.getTime() > deadline.getTime()) return false;
  return lastSyncedAt === null || clientTime.getTime() >= lastSyncedAt.getTime();
}
