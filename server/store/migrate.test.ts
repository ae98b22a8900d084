import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb } from '../../tests/support/database';
import { MIGRATIONS, migrate } from './migrate';
import type { Db } from './db';

describe.each(ENGINES)('migrations (%s)', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(() => db.close());

  it('are numbered without gaps and recorded once applied', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('roll back a failed transaction completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO households (municipio) VALUES (1)');
        await tx.query('INSERT INTO households (municipio) VALUES (10)');
      }),
    ).rejects.toThrow();
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM households');
    expect(Number(row.n)).toBe(0);
  });
});
