import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db, type DatabaseKind } from '../../server/store/db';
import { migrate } from '../../server/store/migrate';

/** The engines the server's tests run on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export const ENGINES: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated database of the given engine: PGlite in memory, or a new schema of its own on
 * the test PostgreSQL server (dropped on close), so test files never see each other's rows.
 */
export async function openTestDb(kind: DatabaseKind): Promise<Db> {
  let db: Db;
  if (kind === 'pglite') {
    db = await openPglite();
  } else {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    const schema = `test_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const inner = await openPostgres(url, { searchPath: schema, max: 4 });
    db = {
      ...inner,
      async close() {
        await inner.exec(`DROP SCHEMA ${schema} CASCADE`);
        await inner.close();
      },
    };
  }
  await migrate(db);
  return db;
}
