import Dexie, { type Table } from 'dexie';
import type { Entity } from '$shared/entities';
import type { Mutation } from '$shared/sync';
import type { ErrorCode } from '$shared/errors';

/** A mutation waiting to be confirmed, exactly as it will be sent (it is never rebuilt). */
export type OutboxEntry = Mutation;
export type StoredEntity = { key: string; entity: Entity; id: string; data: unknown };
/** A refused change, until its person has read why; `action` names it in their language (absent in refusals kept before the server named them). */
export type StoredRejection = {
  id: string;
  seq: number;
  name: string;
  code: ErrorCode;
  message: string;
  action?: string;
  args: unknown;
  seen: 0 | 1;
};
type Meta = { key: string; value: unknown };
/** A form being filled in on this device, kept as typed (`key` names the form and what it is for). */
export type StoredDraft = { key: string; value: unknown; savedAt: string };

/**
 * What this device keeps for one person: their confirmed data, the outbox of their changes not yet
 * confirmed, the changes the server refused (until they have read why), their unfinished forms, and
 * the sync cursor. One database per person, so a family phone never shows one person's data to another.
 */
export class LocalDb extends Dexie {
  meta!: Table<Meta, string>;
  outbox!: Table<OutboxEntry, number>;
  entities!: Table<StoredEntity, string>;
  rejections!: Table<StoredRejection, string>;
  drafts!: Table<StoredDraft, string>;

  constructor(userId: string) {
    // Without Dexie's cache of live queries' results: its optimistic updates (showing a write to the
    // live queries before it commits) are not used here (the outbox does that job), and it ran each
    // woken live query twice. (The engine's live queries now read in transactions, which it does not
    // cache anyway: this keeps any other read from running twice.)
    super(`wishmi-${userId}`, { cache: 'disabled' });
    // Version 2 added `drafts`, forms half filled in (a voucher application): in the person's own
    // database, so they go with everything else of theirs when they sign out of a shared phone.
    this.version(2).stores({ meta: 'key', outbox: 'seq', entities: 'key', rejections: 'id, seen', drafts: 'key' });
  }
}

export const entityKey = (entity: Entity, id: string) => `${entity}:${id}`;

export async function getMeta<T>(db: LocalDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}
