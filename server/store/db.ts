import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

export type DatabaseKind = 'pglite' | 'postgres';

/** What a service may do inside a transaction: run parameterised SQL ($1, $2 …). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) =>
        work({
          query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
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
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: options.searchPath ? { search_path: options.searchPath } : {},
    // Dates and timestamps come back as Date, as PGlite returns them; int8 as a string is left to queries to cast.
  });
  await sql`select 1`;
  const run = async <T>(client: postgres.Sql | postgres.TransactionSql, text: string, params: unknown[] = []) =>
    (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[];
  return {
    kind: 'postgres',
    query: <T>(text: string, params?: unknown[]) => run<T>(sql, text, params),
    async exec(text: string) {
      await sql.unsafe(text);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return (await sql.begin((tx) =>
        work({
          query: <R>(text: string, params?: unknown[]) => run<R>(tx, text, params),
          exec: async (text: string) => void (await tx.unsafe(text)),
        }),
      )) as T;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
