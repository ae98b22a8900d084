// `npm run bench -- sync`: one device queues 1,000 mutations offline and pushes them when back online,
// against the same 1,000 changes made by calling the services directly, in the same run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPglite } from '../../server/store/db';
import { migrate } from '../../server/store/migrate';
import { systemClock } from '../../server/clock';
import { newApp } from '../../server/app';
import { createServices } from '../../server/services';
import { DEMO_PASSWORD, seedDemo } from '../../server/seed/demo';
import { MAX_PUSH, type Mutation } from '$shared/sync';
import { median } from './measure';

const MUTATIONS = 1_000;
const ROUNDS = 3;

const dir = mkdtempSync(join(tmpdir(), 'wishmi-bench-sync-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  await migrate(db);
  await seedDemo(db, systemClock.now());
  const services = createServices(db, systemClock);
  const app = newApp({ db, services });
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'guardian@demo.wishmi.test', password: DEMO_PASSWORD }),
  });
  const cookie = /wishmi_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
  const { me } = (await login.json()) as { me: { id: string } };

  // What a person does offline: mostly small edits (here, the name, as a booking note would be).
  const change = (i: number) => ({ name: `Amina Haddad ${i}` });

  const viaSync = async () => {
    const clientId = randomUUID();
    const outbox: Mutation[] = Array.from({ length: MUTATIONS }, (_, i) => ({
      id: randomUUID(),
      clientId,
      seq: i + 1,
      name: 'profile.update',
      args: change(i),
      clientTime: new Date().toISOString(),
    }));
    const t0 = performance.now();
    for (let start = 0; start < outbox.length; start += MAX_PUSH) {
      const res = await app.request('/api/sync/push', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'accept-language': 'it' },
        body: JSON.stringify({ userId: me.id, clientId, mutations: outbox.slice(start, start + MAX_PUSH) }),
      });
      const body = (await res.json()) as { results: { status: string }[] };
      if (res.status !== 200 || body.results.some((r) => r.status !== 'applied'))
        throw new Error(`Push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return performance.now() - t0;
  };
  const direct = async () => {
    const t0 = performance.now();
    for (let i = 0; i < MUTATIONS; i++) await services.auth.updateProfile(me.id, change(i));
    return performance.now() - t0;
  };

  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await direct());
    ours.push(await viaSync());
  }
  const [t, d] = [median(ours), median(baseline)];
  console.log(`${ROUNDS} rounds, medians; embedded PGlite on disk. Direct service calls: ${d.toFixed(0)} ms for ${MUTATIONS}.`);
  console.log(`sync: ${MUTATIONS} mutations in ${t.toFixed(0)} ms, ${(d / t).toFixed(2)} of direct service calls`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
