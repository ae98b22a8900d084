import type { Queryable } from './db';
import type { Entity } from '$shared/sync';

/**
 * Everything a device pulls is numbered from one sequence, and a transaction holds this lock from
 * taking its number until it commits: so every committed number is below every number still in
 * flight, and a device that has read up to N can never later meet a row below N.
 */
const SYNC_LOCK = 5_749_535_378;
async function takeSyncLock(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
}

export type ClientRow = { id: string; user_id: string; last_seq: number; last_synced_at: Date | null };

/** The device's row, locked for the rest of the transaction, created for this user if new. */
export async function lockClient(db: Queryable, clientId: string, userId: string, now: Date): Promise<ClientRow> {
  await db.query('INSERT INTO sync_clients (id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [clientId, userId, now]);
  const [row] = await db.query<ClientRow & { last_seq: string }>('SELECT id, user_id, last_seq, last_synced_at FROM sync_clients WHERE id = $1 FOR UPDATE', [clientId]);
  return { ...row, last_seq: Number(row.last_seq) };
}

export async function findClient(db: Queryable, clientId: string): Promise<ClientRow | null> {
  const [row] = await db.query<ClientRow & { last_seq: string }>('SELECT id, user_id, last_seq, last_synced_at FROM sync_clients WHERE id = $1', [clientId]);
  return row ? { ...row, last_seq: Number(row.last_seq) } : null;
}

export type StoredMutation = { id: string; seq: number; name: string; status: 'applied' | 'rejected'; code: string | null; sync_seq: number };

export async function findMutation(db: Queryable, clientId: string, seq: number): Promise<StoredMutation | null> {
  const [row] = await db.query<StoredMutation>('SELECT id, seq::int, name, status, code, sync_seq::int FROM sync_mutations WHERE client_id = $1 AND seq = $2', [clientId, seq]);
  return row ?? null;
}

/** A mutation by its id, whichever device sent it first (its id is its idempotency key). */
export async function findMutationById(db: Queryable, id: string): Promise<StoredMutation | null> {
  const [row] = await db.query<StoredMutation>('SELECT id, seq::int, name, status, code, sync_seq::int FROM sync_mutations WHERE id = $1', [id]);
  return row ?? null;
}

/** Moves a device past a mutation already applied under another device's number. */
export async function advanceClient(db: Queryable, clientId: string, seq: number, now: Date): Promise<void> {
  await db.query('UPDATE sync_clients SET last_seq = $2, last_synced_at = $3 WHERE id = $1', [clientId, seq, now]);
}

/** Records a mutation's answer and moves the device's applied seq to it, in the caller's transaction. */
export async function recordMutation(
  db: Queryable,
  m: { clientId: string; seq: number; id: string; name: string; status: 'applied' | 'rejected'; code: string | null; clientTime: Date; receivedAt: Date },
): Promise<void> {
  await takeSyncLock(db);
  await db.query(
    `INSERT INTO sync_mutations (client_id, seq, id, name, status, code, client_time, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m.clientId, m.seq, m.id, m.name, m.status, m.code, m.clientTime, m.receivedAt],
  );
  await db.query('UPDATE sync_clients SET last_seq = $2, last_synced_at = $3 WHERE id = $1', [m.clientId, m.seq, m.receivedAt]);
}

/** A device has just heard from the server: it may not claim anything it does from now on happened earlier. */
export async function touchClient(db: Queryable, clientId: string, userId: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO sync_clients (id, user_id, last_synced_at, created_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (id) DO UPDATE SET last_synced_at = excluded.last_synced_at WHERE sync_clients.user_id = excluded.user_id`,
    [clientId, userId, now],
  );
}

export type Scope = { type: 'user' | 'household'; id: string };

/** Records the new state of one thing for everyone in its scope to pull. */
export async function recordChange(db: Queryable, scope: Scope, entity: Entity, entityId: string, data: unknown, now: Date): Promise<void> {
  await takeSyncLock(db);
  await db.query('INSERT INTO sync_changes (scope_type, scope_id, entity, entity_id, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    scope.type,
    scope.id,
    entity,
    entityId,
    JSON.stringify(data),
    now,
  ]);
}

/** The highest number any committed change carries: where a fresh device starts after its snapshot. */
export async function lastChangeSeq(db: Queryable): Promise<number> {
  const [row] = await db.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM sync_changes');
  return Number(row.seq ?? 0);
}

export async function changesSince(db: Queryable, scopes: Scope[], cursor: number, limit: number) {
  return db.query<{ seq: number; entity: Entity; entity_id: string; data: unknown }>(
    `SELECT c.seq::int AS seq, c.entity, c.entity_id, c.data
       FROM sync_changes c JOIN unnest($1::text[], $2::uuid[]) AS s(type, id) ON c.scope_type = s.type AND c.scope_id = s.id
      WHERE c.seq > $3
      ORDER BY c.seq LIMIT $4`,
    [scopes.map((s) => s.type), scopes.map((s) => s.id), cursor, limit],
  );
}

export async function rejectionsSince(db: Queryable, clientId: string, cursor: number) {
  return db.query<{ id: string; seq: number; name: string; code: string; sync_seq: number }>(
    `SELECT id, seq::int, name, code, sync_seq::int FROM sync_mutations
      WHERE client_id = $1 AND status = 'rejected' AND sync_seq > $2 ORDER BY seq`,
    [clientId, cursor],
  );
}
