import type { Db } from './db';

// Vite bundles the SQL files into the build, so a built server carries its own migrations.
const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const match = /\/(\d+)_([\w-]+)\.sql$/.exec(path);
    if (!match) throw new Error(`Migration file name must be NNN_name.sql: ${path}`);
    return { version: Number(match[1]), name: match[2], sql };
  })
  .sort((a, b) => a.version - b.version);

/** Any number close to the ASCII of "WISHMI": the advisory lock that keeps two servers from migrating at once. */
const MIGRATION_LOCK = 5_749_535_377;

/** Applies, in order, every migration the database has not recorded yet. Returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
