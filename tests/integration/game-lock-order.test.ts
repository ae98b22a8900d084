import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from '../support/app';
import { Device } from '../support/device';
import { DemoPeople, youthOf } from '../support/people';
import { fromBase64Url } from '$shared/booking-code';
import { checkinDigits, windowOf, type StaffPlace } from '$shared/checkin';

/**
 * Play takes its locks in one order on every path — the youth's user row, the opportunity's row, its
 * takes, then the ledger — so two ordinary pushes never deadlock under PostgreSQL READ COMMITTED
 * (PostgreSQL would kill one after deadlock_timeout, and its whole push would fail). A third transaction ("the gate") only lines the two pushes up the way they would
 * meet by chance in production: it holds the row the first push needs first, and lets go once the
 * second push has taken its ledger locks.
 */
const NOW = '2026-11-25T10:00:00.000Z';
const engine = process.env.TEST_DATABASE_URL ? describe : describe.skip;

engine('the lock order of play and opportunities (postgres)', () => {
  let t: TestApp;
  let people: DemoPeople;
  let sara: { cookie: string; id: string };
  let marco: { cookie: string; id: string };
  let hubId: string;
  let hub: StaffPlace;

  beforeAll(async () => {
    t = await TestApp.start('postgres', { now: NOW });
    people = await DemoPeople.signIn(t, ['youth', 'guardian', 'guardian2', 'hub', 'provider']);
    sara = { cookie: people.cookies.youth, id: people.ids.youth };
    marco = await youthOf(t, people.cookies.guardian2, 'Marco Bianchi', 'marco@locks.example');
    [{ id: hubId }] = await t.db.query<{ id: string }>("SELECT id FROM hubs WHERE name = 'Hub Corvetto'");
    hub = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.hub })).body.places[0];
  });
  afterAll(() => t.close());

  const pushOne = (who: { cookie: string; id: string }, name: string, args: unknown) => {
    const device = new Device();
    return t.call('POST', '/api/sync/push', {
      cookie: who.cookie,
      body: { userId: who.id, clientId: device.clientId, mutations: [device.mutation(name, args, t.clock.now().toISOString())] },
    });
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Holds `sql` (a FOR UPDATE) in a transaction of its own until `release` is called. */
  function gate(sql: string, params: unknown[]) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let ready!: () => void;
    const held = new Promise<void>((r) => (ready = r));
    const done = t.db.transaction(async (tx) => {
      await tx.query(sql, params);
      ready();
      await released;
    });
    return { held, release, done };
  }

  it('a take and a cancel of the same hub reward do not deadlock (take: opportunity → ledger; cancel: ledger → opportunity)', async () => {
    const reward = {
      id: randomUUID(),
      hubId,
      title: 'Biglietto concerto',
      description: 'Un posto al concerto di fine anno nel cortile.',
      category: 'art',
      creditPrice: 10,
      places: 5,
    };
    expect((await t.call('POST', '/api/hub/opportunities', { cookie: people.cookies.hub, body: reward })).status).toBe(201);
    const marcosTake = randomUUID();
    expect((await pushOne(marco, 'opportunity.take', { id: marcosTake, opportunityId: reward.id })).body.results[0].status).toBe('applied');

    const g = gate('SELECT id FROM opportunities WHERE id = $1 FOR UPDATE', [reward.id]);
    await g.held;
    // Sara's take queues first on the opportunity row.
    const saraTakes = pushOne(sara, 'opportunity.take', { id: randomUUID(), opportunityId: reward.id });
    await sleep(300);
    // Marco lets his place go: voids his hold (locks his credits and the mint), then waits for the opportunity row.
    const marcoCancels = pushOne(marco, 'opportunity.cancel', { takeId: marcosTake });
    await sleep(300);
    g.release();
    await g.done;
    const [a, b] = await Promise.all([saraTakes, marcoCancels]);
    expect([a.status, b.status]).toEqual([200, 200]);
  }, 30_000);

  it('a taker confirming and the seller checking in at the same time do not deadlock (confirm: ledger → seller’s user row)', async () => {
    const tutoring = {
      id: randomUUID(),
      hubId,
      title: 'Ripetizioni di inglese',
      description: 'Ti aiuto con l’inglese il giovedì alle 17 all’hub.',
      category: 'school',
      creditPrice: 10,
      places: 3,
    };
    expect((await pushOne(sara, 'opportunity.propose', tutoring)).body.results[0].status).toBe('applied');
    expect(
      (await t.call('POST', `/api/hub/opportunities/${tutoring.id}/decide`, { cookie: people.cookies.hub, body: { decision: 'list' } }))
        .status,
    ).toBe(200);
    const take = randomUUID();
    expect((await pushOne(marco, 'opportunity.take', { id: take, opportunityId: tutoring.id })).body.results[0].status).toBe('applied');
    const code = `${hub.code}-${await checkinDigits(fromBase64Url(hub.secret)!, hub.code, 'visit', windowOf(t.clock.now().getTime()))}`;

    const g = gate('SELECT id FROM users WHERE id = $1 FOR UPDATE', [sara.id]);
    await g.held;
    // Sara checks in at her hub: her push waits for her own user row first.
    const saraChecksIn = pushOne(sara, 'checkin.create', { id: randomUUID(), code });
    await sleep(300);
    // Marco says the lesson happened: posts the hold (locks his and Sara's credit accounts), then evaluate(Sara) waits for her row.
    const marcoConfirms = pushOne(marco, 'opportunity.confirm', { takeId: take });
    await sleep(300);
    g.release();
    await g.done;
    const [a, b] = await Promise.all([saraChecksIn, marcoConfirms]);
    expect([a.status, b.status]).toEqual([200, 200]);
  }, 30_000);
  it('a provider scanning a seat paid in credits while its youth checks in does not deadlock (redeem: ledger → youth’s user row)', async () => {
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-25T10:30:00Z', '2026-11-25T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
    );
    const [{ id: minorId }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Sara Haddad'");
    const id = randomUUID();
    expect((await pushOne(sara, 'booking.create', { id, sessionId, minorId, payWith: 'credits' })).body.results[0].status).toBe('applied');
    const booking = (await people.bookings('guardian')).find((b) => b.id === id)!;
    // Another place: Sara's hub check-in of today is already recorded by the test above.
    const places = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.provider })).body.places;
    const place = places[0];
    const code = `${place.code}-${await checkinDigits(fromBase64Url(place.secret)!, place.code, 'visit', windowOf(t.clock.now().getTime()))}`;

    const g = gate('SELECT id FROM users WHERE id = $1 FOR UPDATE', [sara.id]);
    await g.held;
    const saraChecksIn = pushOne(sara, 'checkin.create', { id: randomUUID(), code });
    await sleep(300);
    // The provider scans Sara's code: posts the credit hold (her credit account and the mint), then evaluate(Sara) waits for her row.
    const providerScans = people.push('provider', 'booking.redeem', { code: booking.code });
    await sleep(300);
    g.release();
    await g.done;
    const [a, b] = await Promise.all([saraChecksIn, providerScans]);
    expect([a.status, b.status]).toEqual([200, 200]);
  }, 30_000);
});
