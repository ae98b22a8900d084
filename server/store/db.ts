import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

/** The embedded engine's thread, a plain module beside this one (and beside every bundle). */
export const WORKER_FILE = './pglite-worker.mjs';

/** What a service may do inside a transaction: run parameterised SQL ($1, $2 …). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one statement and answers how many rows it inserted, updated or deleted. */
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Runs several statements at once, without parameters (migrations, bulk seeding). */
  exec(sql: string): Promise<void>;
}

/** One PostgreSQL dialect over two engines: embedded PGlite, or a real PostgreSQL server. */
export interface Db extends Queryable {
  readonly kind: DatabaseKind;
  /** Present where transactions can be queued without waiting for each to commit (embedded engine). */
  readonly pipeline?: Pipeline;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One statement of a pipelined unit, with the number of rows it must insert, update or return. */
export type Statement = { sql: string; params?: unknown[]; expect?: number };
export type StatementResult = { rows: Record<string, unknown>[]; affectedRows: number };

/**
 * Transactions sent one after another without waiting for each to commit (the embedded engine only,
 * which runs them in the order sent). A unit commits all its statements or none; one sent `after`
 * another runs only if that one committed, so work decided on a unit's outcome never outlives it.
 */
export interface Pipeline {
  send(statements: Statement[], after?: number): { unit: number; done: Promise<StatementResult[]> };
}

/** A failed unit's error code: a statement did not touch the rows it had to, or the unit it followed failed. */
export const UNIT_EXPECTATION = 'unit_expectation';
export const UNIT_SKIPPED = 'unit_skipped';

/**
 * Embedded PostgreSQL, in a worker thread of its own (server/store/pglite-worker.mjs): its WebAssembly
 * blocks the thread it runs on, so there it leaves this one free for requests and the services' own
 * work. With a directory, data lives on disk there; without one, in memory (tests). It runs one
 * statement at a time, in the order they are sent, so its transactions are naturally serialised.
 */
export async function openPglite(dataDir?: string): Promise<Db & { pipeline: Pipeline }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Beside this module in the sources, and copied beside each bundle that includes it.
  const script = new URL(WORKER_FILE, import.meta.url);
  const worker = new Worker(script, { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (value: Reply) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let nextUnit = 1;
  let failure: Error | null = null;

  type Reply = {
    id: number;
    error?: Record<string, unknown> & { message: string };
    rows?: Record<string, unknown>[];
    affectedRows?: number;
    tx?: number;
    results?: StatementResult[];
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve());
  });
  worker.on('message', (reply: Reply) => {
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    // Nothing to wait for keeps the process alive only while an answer is due.
    if (waiting.size === 0) worker.unref();
    if (reply.error) pending.reject(Object.assign(new Error(reply.error.message), reply.error));
    else pending.resolve(reply);
  });
  // A thread that dies, or is closed, answers nothing more: everything waiting on it fails, and so does what comes after.
  const fail = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(failure);
    waiting.clear();
    worker.unref();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The embedded database's thread stopped (exit code ${code}).`)));
  await ready;
  worker.unref();

  const ask = (message: {
    op: string;
    sql?: string;
    params?: unknown[];
    statements?: Statement[];
    [key: string]: unknown;
  }): Promise<Reply> => {
    if (message.params) message.params = onTheWire(message.sql!, message.params);
    if (message.statements) message.statements = message.statements.map((s) => ({ ...s, params: s.params && onTheWire(s.sql, s.params) }));
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    if (waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (error) {
        // A parameter that cannot cross to the thread (a function, a class instance's methods …).
        waiting.delete(id);
        if (waiting.size === 0) worker.unref();
        reject(error);
      }
    });
  };
  const queryable = (tx?: number): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await ask({ op: 'query', sql, params, tx })).rows as T[];
    },
    async count(sql: string, params: unknown[] = []) {
      return (await ask({ op: 'query', sql, params, tx })).affectedRows ?? 0;
    },
    async exec(sql: string) {
      await ask({ op: 'exec', sql, tx });
    },
  });

  return {
    kind: 'pglite',
    ...queryable(),
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const { tx } = await ask({ op: 'begin' });
      let result: T;
      try {
        result = await work(queryable(tx));
      } catch (error) {
        await ask({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await ask({ op: 'end', tx, commit: true });
      return result;
    },
    pipeline: {
      send(statements, after) {
        const unit = nextUnit++;
        return { unit, done: ask({ op: 'unit', statements, after, unit }).then((reply) => reply.results!) };
      },
    },
    async close() {
      try {
        await ask({ op: 'close' });
      } finally {
        await worker.terminate();
      }
    },
  };
}

/**
 * Array parameters as PostgreSQL's array literals, made here rather than by the driver in the
 * database's thread, which is the busier of the two (a ledger batch sends thousands of ids). Only a
 * parameter the statement casts to an array type (`$2::uuid[]`) is written so; anything else, and any
 * array holding what a literal cannot say (objects, bytes), is left to the driver as it was.
 */
export function onTheWire(sql: string, params: unknown[]): unknown[] {
  return params.map((value, i) => {
    if (!Array.isArray(value) || !new RegExp(`\\$${i + 1}::[a-z0-9_ ]+\\[\\]`, 'i').test(sql)) return value;
    return arrayLiteral(value) ?? value;
  });
}

function arrayLiteral(values: unknown[]): string | null {
  const parts: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) parts.push('NULL');
    else if (typeof v === 'string') parts.push(/["\\]/.test(v) ? `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : `"${v}"`);
    else if (typeof v === 'number' || typeof v === 'bigint') parts.push(String(v));
    else if (typeof v === 'boolean') parts.push(v ? 't' : 'f');
    else if (v instanceof Date) parts.push(`"${v.toISOString()}"`);
    else if (Array.isArray(v)) {
      const inner = arrayLiteral(v);
      if (inner === null) return null;
      parts.push(inner);
    } else return null;
  }
  return `{${parts.join(',')}}`;
}

export type PostgresOptions = {
  /** Every connection uses this schema first; tests use a fresh schema each to stay apart. */
  searchPath?: string;
  max?: number;
};

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Every connection uses the schema first; tests use a fresh schema each to stay apart.
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  });
  // An idle connection the server dropped must not crash the process; the next query opens another.
  pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
  await pool.query('SELECT 1');
  const queryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    count: async (text: string, params: unknown[] = []) => (await client.query(text, params)).rowCount ?? 0,
    exec: async (text: string) => void (await client.query(text)),
  });
  return {
    kind: 'postgres',
    ...queryable(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
