import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

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
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Embedded PostgreSQL. With a directory, data lives on disk there; without one, in memory (tests).
 * PGlite runs one statement at a time, so its transactions are naturally serialised.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pg.query<T>(sql, params)).rows;
    },
    async count(sql: string, params: unknown[] = []) {
      return (await pg.query(sql, params)).affectedRows ?? 0;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) =>
        work({
          query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
          count: async (sql: string, params: unknown[] = []) => (await tx.query(sql, params)).affectedRows ?? 0,
          exec: async (sql: string) => void (await tx.exec(sql)),
        }),
      );
    },
    async close() {
      await pg.close();
    },
  };
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
