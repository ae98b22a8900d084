import type { Queryable } from './db';
import { ENTITY_OWNER, type Entity } from '$shared/entities';

/**
 * Everything a device pulls is numbered from one sequence, and a transaction holds this lock from
 * taking its number until it commits: so every committed number is below every number still in
 * flight, and a device that has read up to N can never later meet a row below N.
 */
const SYNC_LOCK = 5_749_535_378;
async function takeSyncLock(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
}

export type ClientRow = { id: string; user_id: string; last_seq: number; last_synced_at: Date | null; created_at: Date };
const CLIENT_COLUMNS = 'id, user_id, last_seq, last_synced_at, created_at';
// bigint arrives as a string from PostgreSQL.
const toClient = (row: ClientRow): ClientRow => ({ ...row, last_seq: Number(row.last_seq) });

/** The device's row, locked for the rest of the transaction, created for this user if new. */
export async function lockClient(db: Queryable, clientId: string, userId: string, now: Date): Promise<ClientRow> {
  await db.query('INSERT INTO sync_clients (id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
    clientId,
    userId,
    now,
  ]);
  const [row] = await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM sync_clients WHERE id = $1 FOR UPDATE`, [clientId]);
  return toClient(row);
}

export async function findClient(db: Queryable, clientId: string): Promise<ClientRow | null> {
  const [row] = await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM sync_clients WHERE id = $1`, [clientId]);
  return row ? toClient(row) : null;
}

export type StoredMutation = {
  id: string;
  seq: number;
  name: string;
  status: 'applied' | 'rejected';
  code: string | null;
  sync_seq: number;
};

/** The mutations already stored under any of these ids, whichever device sent them (an id is its idempotency key). */
export async function findMutationsByIds(db: Queryable, ids: string[]): Promise<Map<string, StoredMutation>> {
  const rows = await db.query<StoredMutation>(
    'SELECT id, seq, name, status, code, sync_seq FROM sync_mutations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { ...r, seq: Number(r.seq), sync_seq: Number(r.sync_seq) }]));
}

export type MutationRecord = {
  seq: number;
  id: string;
  name: string;
  status: 'applied' | 'rejected';
  code: string | null;
  clientTime: Date;
};

/** Records a push's answers and moves the device's applied seq past them, in the push's transaction. */
export async function recordMutations(
  db: Queryable,
  clientId: string,
  records: MutationRecord[],
  lastSeq: number,
  receivedAt: Date,
): Promise<void> {
  if (records.length) {
    await takeSyncLock(db);
    await db.query(
      `INSERT INTO sync_mutations (client_id, seq, id, name, status, code, client_time, received_at)
       SELECT $1, seq, id, name, status, code, client_time, $8
         FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY AS r(seq, id, name, status, code, client_time, n)
        ORDER BY n`,
      [
        clientId,
        records.map((r) => r.seq),
        records.map((r) => r.id),
        records.map((r) => r.name),
        records.map((r) => r.status),
        records.map((r) => r.code),
        records.map((r) => r.clientTime),
        receivedAt,
      ],
    );
  }
  // Not the time of its last confirmed sync: a push of what was done offline says nothing of when it was done.
  await db.query('UPDATE sync_clients SET last_seq = greatest(last_seq, $2) WHERE id = $1', [clientId, lastSeq]);
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

/** Who may pull an entity's changes: the person it belongs to, or every member of its household. */
export const entityScope = (entity: Entity, id: string): Scope => ({ type: ENTITY_OWNER[entity] === 'person' ? 'user' : 'household', id });

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

/**
 * The highest number handed out so far, every row up to it committed: taken under the lock that
 * writers hold from taking a number until they commit. A pull reads up to here and no further.
 */
export async function committedSeq(db: Queryable): Promise<number> {
  await takeSyncLock(db);
  const [row] = await db.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM sync_seq');
  return row.is_called ? Number(row.last_value) : 0;
}

export async function changesSince(db: Queryable, scopes: Scope[], cursor: number, upTo: number, limit: number) {
  const rows = await db.query<{ seq: string | number; entity: Entity; entity_id: string; data: unknown }>(
    `SELECT c.seq, c.entity, c.entity_id, c.data
       FROM sync_changes c JOIN unnest($1::text[], $2::uuid[]) AS s(type, id) ON c.scope_type = s.type AND c.scope_id = s.id
      WHERE c.seq > $3 AND c.seq <= $4
      ORDER BY c.seq LIMIT $5`,
    [scopes.map((s) => s.type), scopes.map((s) => s.id), cursor, upTo, limit],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function rejectionsSince(db: Queryable, clientId: string, cursor: number, upTo: number) {
  const rows = await db.query<{ id: string; seq: string | number; name: string; code: string }>(
    `SELECT id, seq, name, code FROM sync_mutations
      WHERE client_id = $1 AND status = 'rejected' AND sync_seq > $2 AND sync_seq <= $3 ORDER BY seq`,
    [clientId, cursor, upTo],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
