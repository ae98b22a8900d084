import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../server/store/db';
import { checkInvariants } from '../../server/store/ledger';
import { BUILT_SERVER, freePort, runServer } from '../support/process';
import { ENGINES } from '../support/database';

const json = { 'content-type': 'application/json' };
const STREAMS = 8;
/** Transfers acknowledged before the server is killed, mid-stream. */
const ACKNOWLEDGED_BEFORE_KILL = 50;
/** How long to wait for them at most, on a machine busy with other work. */
const ENOUGH_WAIT_MS = 120_000;

/** Where the server keeps its data for one engine: a fresh directory, or a fresh schema on the test PostgreSQL. */
async function freshStore(
  engine: 'pglite' | 'postgres',
): Promise<{ env: Record<string, string>; open: () => Promise<Db>; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'wishmi-crash-'));
    return {
      env: { DATA_DIR: dir },
      open: () => openPglite(join(dir, 'pglite')),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `crash_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    env: { DATABASE_URL: withSchema },
    open: () => openPostgres(url, { searchPath: schema }),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

describe.skipIf(!existsSync(BUILT_SERVER)).each(ENGINES)('a crash mid-stream loses no acknowledged transfer (%s)', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('keeps every acknowledged transfer and every invariant after SIGKILL and a restart', async () => {
    const store = await freshStore(engine);
    cleanups.push(store.drop);
    // PostgreSQL is never seeded automatically; the embedded database is seeded on its first start.
    if (engine === 'postgres') expect(await (await runServer(['seed'], store.env)).exited).toBe(0);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await runServer(['serve'], { ...store.env, PORT: String(port) });
    expect(first.output()).toContain('Press Ctrl-C to stop.');

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo.wishmi.test', password: 'wishmi-demo-2026' }),
    });
    const cookie = /wishmi_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];

    const acknowledged: { id: string; amount: number }[] = [];
    let sent = 0;
    let killed = false;
    const stream = async () => {
      while (!killed) {
        const id = randomUUID();
        const amount = 1 + Math.floor(Math.random() * 1_000);
        sent++;
        try {
          const res = await fetch(`${base}/api/city/ledger/fund`, {
            method: 'POST',
            headers: { ...json, cookie },
            body: JSON.stringify({ id, amount }),
          });
          if (res.status === 201) acknowledged.push({ id, amount });
        } catch {
          return; // The server is gone: the stream ends.
        }
      }
    };
    const streams = Array.from({ length: STREAMS }, stream);
    // Killed mid-stream once enough transfers are acknowledged, however busy the machine is: the
    // test is about what survives the kill, not how fast the server writes.
    const enough = Date.now() + ENOUGH_WAIT_MS;
    while (acknowledged.length <= ACKNOWLEDGED_BEFORE_KILL && Date.now() < enough) await new Promise((resolve) => setTimeout(resolve, 50));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(streams);
    await first.exited;
    expect(acknowledged.length).toBeGreaterThan(ACKNOWLEDGED_BEFORE_KILL);
    expect(sent).toBeGreaterThan(acknowledged.length);

    const again = await runServer(['serve'], { ...store.env, PORT: String(port) });
    try {
      expect(again.output()).toContain('Press Ctrl-C to stop.');
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }

    const db: Db = await store.open();
    try {
      const ids = acknowledged.map((a) => a.id);
      const found = await db.query<{ id: string; amount: string }>(
        'SELECT id, amount::text FROM ledger_transfers WHERE id = ANY($1::uuid[])',
        [ids],
      );
      const stored = new Map(found.map((r) => [r.id, Number(r.amount)]));
      expect(acknowledged.filter((a) => stored.get(a.id) !== a.amount)).toEqual([]);
      expect((await checkInvariants(db)).filter((c) => !c.ok)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 240_000);
});
