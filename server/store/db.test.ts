import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, UNIT_EXPECTATION, UNIT_SKIPPED, type Db, type Pipeline } from './db';

describe('the embedded database in its own thread', () => {
  let db: Db & { pipeline: Pipeline };
  beforeAll(async () => {
    db = await openPglite();
    await db.exec('CREATE TABLE item (id int PRIMARY KEY, note text, at timestamptz, data jsonb, big bigint)');
  });
  afterAll(() => db.close());

  it('answers rows with their types intact across the thread', async () => {
    const at = new Date('2026-11-26T10:00:00Z');
    await db.query('INSERT INTO item VALUES ($1, $2, $3, $4, $5)', [1, 'uno', at, { tags: ['a'] }, 2 ** 40]);
    expect(await db.query('SELECT * FROM item WHERE id = 1')).toEqual([{ id: 1, note: 'uno', at, data: { tags: ['a'] }, big: 2 ** 40 }]);
    expect(await db.count('UPDATE item SET note = $1 WHERE id = 1', ['one'])).toBe(1);
  });

  it('sends array parameters as array literals that read back exactly', async () => {
    const texts = ['plain', 'with "quotes"', 'back\\slash', 'comma, {brace}', 'NULL', '', null, 'àèì 中文 عربي'];
    const at = [new Date('2026-11-26T10:00:00.123Z'), null];
    const [row] = await db.query<Record<string, unknown>>(
      'SELECT $1::text[] AS texts, $2::bigint[] AS numbers, $3::bool[] AS flags, $4::timestamptz[] AS at, $5::int[] AS grid, $6::text[] AS empty',
      [
        texts,
        [1, 2 ** 53 - 1, -3],
        [true, false, null],
        at,
        [
          [1, 2],
          [3, 4],
        ],
        [],
      ],
    );
    expect(row).toEqual({
      texts,
      numbers: [1, 2 ** 53 - 1, -3],
      flags: [true, false, null],
      at,
      grid: [
        [1, 2],
        [3, 4],
      ],
      empty: [],
    });
  });

  it('leaves an array the statement does not cast to an array type to the driver (a JSON value)', async () => {
    const [row] = await db.query<{ j: unknown }>('SELECT $1::jsonb AS j', [['a', { b: 1 }]]);
    expect(row.j).toEqual(['a', { b: 1 }]);
    const [text] = await db.query<{ j: unknown }>('SELECT $1::jsonb AS j', [['plain', 'strings']]);
    expect(text.j).toEqual(['plain', 'strings']);
  });

  it('hands back database errors with their code and details', async () => {
    await expect(db.query('INSERT INTO item (id) VALUES (1)')).rejects.toMatchObject({ code: '23505', constraint: 'item_pkey' });
    await expect(db.query('SELECT nope FROM item')).rejects.toMatchObject({ code: '42703', message: expect.stringContaining('nope') });
  });

  it('commits a transaction whole, or rolls it back whole when its work throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id) VALUES (2)');
      await tx.exec('INSERT INTO item (id) VALUES (3)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id) VALUES (4)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // A statement that fails inside a transaction fails the transaction.
    await expect(db.transaction((tx) => tx.query('INSERT INTO item (id) VALUES (2)'))).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM item ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('runs a statement sent during a transaction after it, never inside it', async () => {
    let release!: () => void;
    const open = db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id) VALUES (10)');
      await new Promise<void>((resolve) => (release = resolve));
      throw new Error('rolled back');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM item WHERE id = 10');
    release();
    await expect(open).rejects.toThrow('rolled back');
    expect(await outside).toEqual([{ n: 0 }]);
  });

  it('pipelines units: each commits whole, one after a failed unit is skipped', async () => {
    const first = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (20), (21)', expect: 2 }]);
    const failing = db.pipeline.send(
      [
        { sql: 'INSERT INTO item (id) VALUES (22)', expect: 1 },
        { sql: 'UPDATE item SET note = $1 WHERE id = 999', params: ['x'], expect: 1 },
      ],
      first.unit,
    );
    const skipped = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (23)' }], failing.unit);
    const independent = db.pipeline.send([{ sql: 'SELECT id FROM item WHERE id = 20', expect: 1 }]);
    expect((await first.done)[0].affectedRows).toBe(2);
    await expect(failing.done).rejects.toMatchObject({ code: UNIT_EXPECTATION });
    await expect(skipped.done).rejects.toMatchObject({ code: UNIT_SKIPPED });
    expect((await independent.done)[0].rows).toEqual([{ id: 20 }]);
    expect(await db.query('SELECT id FROM item WHERE id >= 20 ORDER BY id')).toEqual([{ id: 20 }, { id: 21 }]);
  });

  it('runs a unit after one that committed, and one after a database error is skipped too', async () => {
    const ok = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (30)' }]);
    const next = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (31)' }], ok.unit);
    const duplicate = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (30)' }], next.unit);
    const after = db.pipeline.send([{ sql: 'INSERT INTO item (id) VALUES (32)' }], duplicate.unit);
    await next.done;
    await expect(duplicate.done).rejects.toMatchObject({ code: '23505' });
    await expect(after.done).rejects.toMatchObject({ code: UNIT_SKIPPED });
    expect(await db.query('SELECT id FROM item WHERE id >= 30 ORDER BY id')).toEqual([{ id: 30 }, { id: 31 }]);
  });
});

describe('the embedded database once closed', () => {
  it('fails what is asked of it afterwards instead of leaving it waiting', async () => {
    const db = await openPglite();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/stopped/);
  });
});

describe('the embedded database on disk', () => {
  it('keeps what was committed across a close and a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wishmi-db-'));
    try {
      const first = await openPglite(join(dir, 'pg'));
      await first.exec('CREATE TABLE kept (id int)');
      await first.query('INSERT INTO kept VALUES (7)');
      await first.close();
      const again = await openPglite(join(dir, 'pg'));
      expect(await again.query('SELECT id FROM kept')).toEqual([{ id: 7 }]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
