import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { DemoPeople, youthOf } from '../../tests/support/people';
import { checkInvariants } from '../store/ledger';
import type { GameSnapshot } from '$shared/game';
import type { HubOpportunity, OpportunitySnapshot } from '$shared/opportunities';
import type { Booking } from '$shared/booking';
import { parseBookingCode } from '$shared/booking-code';

const NOW = '2026-11-25T10:00:00.000Z';
const DAY = 86_400_000;

describe.each(ENGINES)('spending credits: credit-priced seats and opportunities youth offer (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let sara: { cookie: string; id: string };
  let marco: { cookie: string; id: string };
  let hubId: string;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: NOW });
    people = await DemoPeople.signIn(t, ['youth', 'guardian', 'guardian2', 'hub', 'provider']);
    sara = { cookie: people.cookies.youth, id: people.ids.youth };
    marco = await youthOf(t, people.cookies.guardian2, 'Marco Bianchi', 'marco@market.example');
    [{ id: hubId }] = await t.db.query<{ id: string }>("SELECT id FROM hubs WHERE name = 'Hub Corvetto'");
  });
  afterAll(() => t.close());

  const push = async (who: { cookie: string; id: string }, name: string, args: unknown) => {
    const device = new Device();
    return (
      await t.call('POST', '/api/sync/push', {
        cookie: who.cookie,
        body: { userId: who.id, clientId: device.clientId, mutations: [device.mutation(name, args, t.clock.now().toISOString())] },
      })
    ).body.results[0];
  };
  const entity = async <T>(who: { cookie: string; id: string }, name: string): Promise<T> =>
    (await t.call('GET', `/api/sync/pull?userId=${who.id}&clientId=${randomUUID()}`, { cookie: who.cookie })).body.changes.find(
      (c: { entity: string }) => c.entity === name,
    ).data;
  const credits = async (who: { cookie: string; id: string }) => (await entity<GameSnapshot>(who, 'game')).credits;
  const market = (who: { cookie: string; id: string }) => entity<OpportunitySnapshot>(who, 'opportunities');
  const hubQueue = async (): Promise<HubOpportunity[]> =>
    (await t.call('GET', '/api/hub/opportunities', { cookie: people.cookies.hub })).body.opportunities;
  const balanced = async () => expect((await checkInvariants(t.db)).filter((c) => !c.ok)).toEqual([]);

  describe('a credit-priced seat', () => {
    let sessionId: string;
    let minorId: string;

    beforeAll(async () => {
      // The basketball takes 40 credits; a session starting within the hour, so it can be scanned now.
      [{ id: sessionId }] = await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-25T10:30:00Z', '2026-11-25T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
      );
      [{ id: minorId }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Sara Haddad'");
    });

    it('is paid by the youth’s own credits, held until the provider scans it, and costs the family nothing', async () => {
      const id = randomUUID();
      const voucherBefore = await people.voucherAvailable('guardian');
      expect(await push(sara, 'booking.create', { id, sessionId, minorId, payWith: 'credits' })).toMatchObject({ status: 'applied' });
      expect(await credits(sara)).toEqual({ balance: 100, available: 60, earned: 100 });
      const booking = (await people.bookings('guardian')).find((b: Booking) => b.id === id)!;
      expect(booking).toMatchObject({ credits: 40, voucherCents: 0, familyCents: 0 });
      // The code at the door says so: the provider's scanner shows the seat is paid in credits.
      expect(parseBookingCode(booking.code!)!.payload).toMatchObject({ a: 0, c: 40 });
      expect(await people.voucherAvailable('guardian')).toBe(voucherBefore);
      expect((await people.push('provider', 'booking.redeem', { code: booking.code })).body.results[0].status).toBe('applied');
      // The 40 credits are spent; going to a sport for the first time also completed the sport mission (80).
      expect(await credits(sara)).toEqual({ balance: 140, available: 140, earned: 180 });
      await balanced();
    });

    it('is refused to a guardian, for an activity that takes no credits, and beyond the youth’s credits — moving nothing', async () => {
      const voucherBefore = await people.voucherAvailable('guardian');
      const creditsBefore = await credits(sara);
      const [{ id: friday }] = await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-27T16:30:00Z', '2026-11-27T18:00:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
      );
      expect(
        await push({ cookie: people.cookies.guardian, id: people.ids.guardian }, 'booking.create', {
          id: randomUUID(),
          sessionId: friday,
          minorId,
          payWith: 'credits',
        }),
      ).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const [{ id: nutrition }] = await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-26T10:30:00Z', '2026-11-26T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Sport e alimentazione' RETURNING id",
      );
      expect(await push(sara, 'booking.create', { id: randomUUID(), sessionId: nutrition, minorId, payWith: 'credits' })).toMatchObject({
        status: 'rejected',
        code: 'credits_not_accepted',
      });
      await t.db.query("UPDATE offers SET credit_price = 500 WHERE title->>'it' = 'Basket al parco'");
      const [{ id: later }] = await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-27T10:30:00Z', '2026-11-27T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
      );
      expect(await push(sara, 'booking.create', { id: randomUUID(), sessionId: later, minorId, payWith: 'credits' })).toMatchObject({
        status: 'rejected',
        code: 'credits_insufficient',
      });
      await t.db.query("UPDATE offers SET credit_price = 40 WHERE title->>'it' = 'Basket al parco'");
      expect(await credits(sara)).toEqual(creditsBefore);
      expect(await people.voucherAvailable('guardian')).toBe(voucherBefore);
    });

    it('gives the credits back when the youth cancels in time', async () => {
      const [{ id: saturday }] = await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-28T16:30:00Z', '2026-11-28T18:00:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
      );
      const before = await credits(sara);
      const id = randomUUID();
      expect(await push(sara, 'booking.create', { id, sessionId: saturday, minorId, payWith: 'credits' })).toMatchObject({
        status: 'applied',
      });
      expect((await credits(sara)).available).toBe(before.available - 40);
      expect(await push(sara, 'booking.cancel', { id })).toMatchObject({ status: 'applied' });
      expect(await credits(sara)).toEqual(before);
      await balanced();
    });
  });

  describe('an opportunity a youth offers', () => {
    const tutoring = {
      id: randomUUID(),
      hubId: '',
      title: 'Ripetizioni di matematica',
      description: 'Ti aiuto con equazioni e frazioni, il mercoledì alle 16 all’hub.',
      category: 'school',
      creditPrice: 30,
      places: 2,
    };

    it('waits for the hub’s operator, who lists it or refuses it saying why', async () => {
      tutoring.hubId = hubId;
      expect(await push(sara, 'opportunity.propose', { ...tutoring, title: 'x' })).toMatchObject({
        status: 'rejected',
        code: 'validation_failed',
      });
      expect(await push(sara, 'opportunity.propose', tutoring)).toMatchObject({ status: 'applied' });
      expect((await market(marco)).market).toEqual([]);
      expect((await market(sara)).mine).toMatchObject([{ id: tutoring.id, status: 'proposed', sellerName: 'Sara' }]);
      const queue = await hubQueue();
      expect(queue[0]).toMatchObject({ id: tutoring.id, status: 'proposed', sellerFullName: 'Sara Haddad' });
      // A refusal needs a reason the youth will read.
      const noReason = await t.call('POST', `/api/hub/opportunities/${tutoring.id}/decide`, {
        cookie: people.cookies.hub,
        body: { decision: 'refuse' },
      });
      expect(noReason.status).toBe(400);
      expect(
        (await t.call('POST', `/api/hub/opportunities/${tutoring.id}/decide`, { cookie: sara.cookie, body: { decision: 'list' } })).status,
      ).toBe(403);
      expect(
        (await t.call('POST', `/api/hub/opportunities/${tutoring.id}/decide`, { cookie: people.cookies.hub, body: { decision: 'list' } }))
          .status,
      ).toBe(200);
      expect(
        (
          await t.call('POST', `/api/hub/opportunities/${tutoring.id}/decide`, {
            cookie: people.cookies.hub,
            body: { decision: 'refuse', reason: 'Ci ho ripensato' },
          })
        ).body.error.code,
      ).toBe('opportunity_not_pending');
      expect((await market(marco)).market).toEqual([
        {
          id: tutoring.id,
          hubId,
          hubName: 'Hub Corvetto',
          title: tutoring.title,
          description: tutoring.description,
          language: 'it',
          category: 'school',
          creditPrice: 30,
          placesLeft: 2,
          sellerName: 'Sara',
        },
      ]);
      expect((await market(sara)).market.some((o) => o.id === tutoring.id)).toBe(false);
    });

    it('holds the taker’s credits until they say it happened, then pays the youth who offered it', async () => {
      expect(await push(sara, 'opportunity.take', { id: randomUUID(), opportunityId: tutoring.id })).toMatchObject({
        status: 'rejected',
        code: 'opportunity_own',
      });
      const saraBefore = await credits(sara);
      const take = randomUUID();
      expect(await push(marco, 'opportunity.take', { id: take, opportunityId: tutoring.id })).toMatchObject({ status: 'applied' });
      expect(await push(marco, 'opportunity.take', { id: randomUUID(), opportunityId: tutoring.id })).toMatchObject({
        status: 'rejected',
        code: 'opportunity_taken_already',
      });
      expect(await credits(marco)).toEqual({ balance: 100, available: 70, earned: 100 });
      expect((await market(marco)).takes).toMatchObject([{ id: take, status: 'held', creditPrice: 30 }]);
      // Only the taker says it happened.
      expect(await push(sara, 'opportunity.confirm', { takeId: take })).toMatchObject({ status: 'rejected', code: 'take_not_found' });
      expect(await push(marco, 'opportunity.confirm', { takeId: take })).toMatchObject({ status: 'applied' });
      expect(await push(marco, 'opportunity.cancel', { takeId: take })).toMatchObject({ status: 'rejected', code: 'take_ended' });
      expect(await credits(marco)).toEqual({ balance: 70, available: 70, earned: 100 });
      // Sara earned them: they count for her level, never as money.
      expect(await credits(sara)).toEqual({
        ...saraBefore,
        balance: saraBefore.balance + 30,
        available: saraBefore.available + 30,
        earned: saraBefore.earned + 30,
      });
      await balanced();
    });

    it('gives the credits back when a place is let go, when the hold lapses, or when the offer is withdrawn', async () => {
      const reward = {
        id: randomUUID(),
        hubId,
        title: 'Biglietto per il concerto dell’hub',
        description: 'Un posto al concerto di fine anno nel cortile dell’hub.',
        category: 'art',
        creditPrice: 20,
        places: 1,
      };
      expect((await t.call('POST', '/api/hub/opportunities', { cookie: people.cookies.hub, body: reward })).status).toBe(201);
      expect(
        (
          await t.call('POST', '/api/hub/opportunities', {
            cookie: people.cookies.hub,
            body: { ...reward, id: randomUUID(), hubId: randomUUID() },
          })
        ).status,
      ).toBe(403);
      const first = randomUUID();
      expect(await push(marco, 'opportunity.take', { id: first, opportunityId: reward.id })).toMatchObject({ status: 'applied' });
      expect(await push(sara, 'opportunity.take', { id: randomUUID(), opportunityId: reward.id })).toMatchObject({
        status: 'rejected',
        code: 'opportunity_full',
      });
      expect(await push(marco, 'opportunity.cancel', { takeId: first })).toMatchObject({ status: 'applied' });
      expect((await credits(marco)).available).toBe(70);

      // Taken again, and forgotten for a month: the hold lapses and the credits come back by themselves.
      const second = randomUUID();
      expect(await push(marco, 'opportunity.take', { id: second, opportunityId: reward.id })).toMatchObject({ status: 'applied' });
      t.clock.advance(31 * DAY);
      await t.services.ledger.voidLapsedHolds();
      // A month on, everyone signs in again.
      marco = { ...marco, cookie: await t.signIn('marco@market.example', 'una password lunga') };
      people = await DemoPeople.signIn(t, ['youth', 'hub']);
      sara = { cookie: people.cookies.youth, id: people.ids.youth };
      expect((await market(marco)).takes.find((take) => take.id === second)).toMatchObject({ status: 'expired' });
      expect(await push(marco, 'opportunity.confirm', { takeId: second })).toMatchObject({ status: 'rejected', code: 'take_expired' });
      expect((await credits(marco)).available).toBe(70);

      // Taken once more, then the hub withdraws its reward: the held credits come back.
      const third = randomUUID();
      expect(await push(marco, 'opportunity.take', { id: third, opportunityId: reward.id })).toMatchObject({ status: 'applied' });
      expect((await credits(marco)).available).toBe(50);
      expect((await t.call('POST', `/api/hub/opportunities/${reward.id}/withdraw`, { cookie: people.cookies.hub, body: {} })).status).toBe(
        200,
      );
      expect((await credits(marco)).available).toBe(70);
      expect((await market(marco)).market.some((o) => o.id === reward.id)).toBe(false);
      // Three places taken, one after another; the one refused left nothing behind.
      const [{ n: takes }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM opportunity_takes WHERE opportunity_id = $1', [
        reward.id,
      ]);
      expect(takes).toBe(3);
      t.clock.set(NOW);
      await balanced();
    });
  });
});
