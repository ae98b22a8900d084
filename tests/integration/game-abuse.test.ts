import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/database';
import { TestApp } from '../support/app';
import { Device } from '../support/device';
import { DemoPeople } from '../support/people';
import type { GameSnapshot } from '$shared/game';

/** What someone might try against play: backdating a poll answer, costly inputs on the public verifier, guessing check-in codes. */
const NOW = '2026-11-25T10:00:00.000Z';

describe.each(ENGINES)('play under abuse (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let sara: { cookie: string; id: string };

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: NOW });
    people = await DemoPeople.signIn(t, ['youth', 'guardian', 'guardian2', 'admin', 'hub']);
    sara = { cookie: people.cookies.youth, id: people.ids.youth };
  });
  afterAll(() => t.close());

  const pull = (device: Device) => t.call('GET', `/api/sync/pull?userId=${sara.id}&clientId=${device.clientId}`, { cookie: sara.cookie });
  const push = async (device: Device, name: string, args: unknown, clientTime: string) =>
    (
      await t.call('POST', '/api/sync/push', {
        cookie: sara.cookie,
        body: { userId: sara.id, clientId: device.clientId, mutations: [device.mutation(name, args, clientTime)] },
      })
    ).body.results[0];

  it('refuses a poll answer claimed before the device last synced (a device cannot backdate), as check-ins are', async () => {
    // A city mission that ended five days ago: one poll, 100 credits (made then, so straight into the database).
    const made = { body: { id: randomUUID() } };
    await t.db.query(
      `INSERT INTO missions (id, title, story, age_min, age_max, starts_on, ends_on, steps, reward, created_at)
       VALUES ($1, '{"it":"Sondaggio di novembre"}', '{"it":"Una domanda veloce sul mese passato."}', 11, 18, '2026-11-10', '2026-11-20', $2, 100, '2026-11-09T10:00:00Z')`,
      [
        made.body.id,
        JSON.stringify([{ kind: 'poll', question: { it: 'Come è andato il mese?' }, options: [{ it: 'Bene' }, { it: 'Male' }] }]),
      ],
    );
    // Sara's phone is online and synced today, after the mission ended…
    const phone = new Device();
    await pull(phone);
    t.clock.advance(60_000);
    // …and claims it answered on the 19th, inside the mission.
    const answer = await push(phone, 'poll.answer', { missionId: made.body.id, step: 0, option: 0 }, '2026-11-19T12:00:00.000Z');
    const game = (await pull(new Device())).body.changes.find((c: { entity: string }) => c.entity === 'game').data as GameSnapshot;
    t.clock.set(NOW);
    expect({ answer: answer.status, completed: game.missions.some((m) => m.id === made.body.id && m.completedAt) }).toEqual({
      answer: 'rejected',
      completed: false,
    });
  });

  it.runIf(engine === 'pglite')(
    'answers the public verifier quickly whatever proofValue is pasted (base58 decoding is quadratic)',
    async () => {
      await t.services.signer.key(t.db);
      const issuer = (await t.call('GET', '/api/badges/issuer')).body;
      const method = issuer.verificationMethod[0].id as string;
      const credential = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        proof: {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-jcs-2022',
          verificationMethod: method,
          proofPurpose: 'assertionMethod',
          proofValue: `z${'z'.repeat(100_000)}`,
        },
      };
      const started = performance.now();
      const reply = await t.call('POST', '/api/badges/verify', { body: credential });
      const elapsed = performance.now() - started;
      // Refused for its shape before anything is decoded (an Ed25519 signature is 88 characters).
      expect(reply).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: [{ path: 'proof.proofValue' }] } } });
      expect(elapsed).toBeLessThan(1000);
    },
    60_000,
  );

  it.runIf(engine === 'pglite')(
    'does not hold the embedded database while judging mistyped check-in codes (and stops a youth guessing)',
    async () => {
      const phone = new Device();
      await pull(phone);
      const mutations = Array.from({ length: 40 }, (_, i) =>
        phone.mutation('checkin.create', { id: randomUUID(), code: `ZZZZ-${String(100000 + i)}` }, t.clock.now().toISOString()),
      );
      // A real place code makes the server search the last hour's windows for each wrong code.
      const [{ code: place }] = await t.db.query<{ code: string }>('SELECT code FROM checkin_places LIMIT 1');
      for (const m of mutations) (m.args as { code: string }).code = `${place}-${(m.args as { code: string }).code.slice(5)}`;
      const started = performance.now();
      const sent = t.call('POST', '/api/sync/push', {
        cookie: sara.cookie,
        body: { userId: sara.id, clientId: phone.clientId, mutations },
      });
      await new Promise((r) => setTimeout(r, 50));
      // Meanwhile another family only opens its wallet.
      const wallet = t.call('GET', '/api/wallet', { cookie: people.cookies.guardian }).then(() => performance.now() - started);
      const [reply, walletAt] = await Promise.all([sent, wallet]);
      const pushTook = performance.now() - started;
      expect(reply.body.results.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
      // Ten wrong codes an hour, then a pause: six digits are not guessed by trying them all.
      expect(reply.body.results.slice(10).every((r: { code: string }) => r.code === 'too_many_attempts')).toBe(true);
      // The other family's wallet did not wait behind the push's judging.
      expect(walletAt).toBeLessThan(pushTook);
    },
    60_000,
  );
});
