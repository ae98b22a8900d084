import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import { Device } from '../../tests/support/device';
import { createServices } from './index';
import { householdVoucherId, PROGRAMME_BUDGET } from './ledger/accounts';
import { giveVoucher } from '../../tests/support/vouchers';
import { DEMO_CALL_ID } from '../seed/demo';
import type { SessionUser } from './auth.service';
import { parseBookingCode, verifyBookingCode } from '$shared/booking-code';

describe.each(ENGINES)('booking a session with the voucher (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let cookies: Record<string, string>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'guardian2', 'youth', 'provider']);
    ({ cookies, ids } = people);
  });
  afterAll(() => t.close());

  // One device per person: a device's outbox belongs to whoever signed in on it.
  const devices = new Map<string, Device>();
  const push = async (who: string, name: string, args: unknown, clientTime?: string) => {
    const device = devices.get(who) ?? devices.set(who, new Device()).get(who)!;
    const res = await t.call('POST', '/api/sync/push', {
      cookie: cookies[who],
      body: { userId: ids[who], clientId: device.clientId, mutations: [device.mutation(name, args, clientTime)] },
    });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: string; code?: string; message?: string };
  };

  const session = async (title: string, n = 0) =>
    (
      await t.db.query<{ id: string }>(
        "SELECT s.id FROM offer_sessions s JOIN offers o ON o.id = s.offer_id WHERE o.title->>'it' = $1 ORDER BY s.starts_at OFFSET $2 LIMIT 1",
        [title, n],
      )
    )[0].id;
  /** A session of an offer starting soon (within the two hours before which a code may be scanned). */
  const soon = async (title: string, minutes = 45) =>
    (
      await t.db.query<{ id: string }>(
        "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, $2::timestamptz, $2::timestamptz + interval '1 hour', 10 FROM offers WHERE title->>'it' = $1 RETURNING id",
        [title, new Date(t.clock.now().getTime() + minutes * 60_000)],
      )
    )[0].id;
  const minor = async (name: string) => (await t.db.query<{ id: string }>('SELECT id FROM minors WHERE name = $1', [name]))[0].id;
  const seatsTaken = async (sessionId: string) =>
    (await t.db.query<{ n: number }>('SELECT seats_taken AS n FROM offer_sessions WHERE id = $1', [sessionId]))[0].n;

  it('holds the voucher’s share, takes a seat, and shows the booking on every device of the household', async () => {
    const before = await people.voucherAvailable('guardian');
    const swim = await session('Nuoto per ragazzi');
    const id = randomUUID();
    expect(await push('guardian', 'booking.create', { id, sessionId: swim, minorId: await minor('Omar Haddad') })).toEqual({
      id: expect.any(String),
      status: 'applied',
    });
    expect(await people.voucherAvailable('guardian')).toBe(before - 120_00);
    expect(await seatsTaken(swim)).toBe(1);
    const seen = await people.bookings('youth');
    expect(seen[0]).toMatchObject({
      id,
      status: 'confirmed',
      minorName: 'Omar Haddad',
      priceCents: 120_00,
      voucherCents: 120_00,
      familyCents: 0,
      providerName: 'Polisportiva Navigli',
      offerVersion: 1,
    });
    expect(seen[0].title.ar).toBe('السباحة للأطفال');
    expect(new Date(seen[0].cancelUntil).getTime()).toBe(new Date(seen[0].startsAt).getTime() - 24 * 3_600_000);
    const [hold] = await t.db.query<{ amount: string; flags: unknown }>(
      "SELECT amount::text FROM ledger_transfers WHERE ref_type = 'booking' AND ref_id = $1",
      [id],
    );
    expect(Number(hold.amount)).toBe(120_00);
    expect(
      (await t.call('GET', '/api/city/ledger', { cookie: await t.signIn('admin@demo.wishmi.test') })).body.invariants.every(
        (c: { ok: boolean }) => c.ok,
      ),
    ).toBe(true);
  });

  it('lets the voucher pay what it has left, and the family the rest', async () => {
    const marco = await minor('Marco Bianchi');
    expect(await people.voucherAvailable('guardian2')).toBe(200_00);
    expect(
      (await push('guardian2', 'booking.create', { id: randomUUID(), sessionId: await session('Musica elettronica'), minorId: marco }))
        .status,
    ).toBe('applied');
    const id = randomUUID();
    expect((await push('guardian2', 'booking.create', { id, sessionId: await session('Robotica creativa'), minorId: marco })).status).toBe(
      'applied',
    );
    expect((await people.bookings('guardian2')).find((b) => b.id === id)).toMatchObject({
      priceCents: 110_00,
      voucherCents: 50_00,
      familyCents: 60_00,
    });
    expect(await people.voucherAvailable('guardian2')).toBe(0);
    // With nothing left on the voucher, the family pays it all, and nothing is held.
    const free = randomUUID();
    expect(
      (await push('guardian2', 'booking.create', { id: free, sessionId: await session('Robotica creativa', 1), minorId: marco })).status,
    ).toBe('applied');
    expect((await people.bookings('guardian2')).find((b) => b.id === free)).toMatchObject({ voucherCents: 0, familyCents: 110_00 });
  });

  it('refuses, with the reason, what cannot be booked, and changes nothing', async () => {
    const swim = await session('Nuoto per ragazzi', 1);
    const omar = await minor('Omar Haddad');
    const refused = async (who: string, args: object, code: string) => {
      const before = [await people.voucherAvailable(who), await seatsTaken(swim)];
      const result = await push(who, 'booking.create', { id: randomUUID(), sessionId: swim, minorId: omar, ...args });
      expect(result).toMatchObject({ status: 'rejected', code });
      expect(result.message).toBeTruthy();
      expect([await people.voucherAvailable(who), await seatsTaken(swim)]).toEqual(before);
    };
    // Sara is 15: swimming is for 6 to 14.
    await refused('guardian', { minorId: await minor('Sara Haddad') }, 'booking_age');
    // A youth books for herself only, and another family's child is not theirs to book.
    await refused('youth', {}, 'forbidden');
    await refused('guardian', { minorId: await minor('Marco Bianchi') }, 'minor_not_found');
    await refused('guardian', { sessionId: randomUUID() }, 'session_not_found');
    expect((await push('guardian', 'booking.create', { id: randomUUID(), sessionId: swim, minorId: omar })).status).toBe('applied');
    await refused('guardian', {}, 'booking_exists');
    expect((await push('guardian', 'booking.create', { id: 'not-an-id', sessionId: swim, minorId: omar })).code).toBe('validation_failed');
  });

  it('refuses a session that has started, unless booked offline before it, within the grace', async () => {
    const [{ id: offerId }] = await t.db.query<{ id: string }>("SELECT id FROM offers WHERE title->>'it' = 'Scienza in cortile'");
    const [{ id: started }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) VALUES ($1, '2026-11-25T09:55:00Z', '2026-11-25T11:00:00Z', 5) RETURNING id",
      [offerId],
    );
    const omar = await minor('Omar Haddad');
    expect(
      await push('guardian', 'booking.create', { id: randomUUID(), sessionId: started, minorId: omar }, '2026-11-25T09:58:00.000Z'),
    ).toMatchObject({ status: 'rejected', code: 'session_started' });
  });

  it('cancels before the notice: the hold is released and the seat freed; once only', async () => {
    // The household spent its voucher above: the city tops it up, so there is a hold to release.
    const householdId = (await t.call('GET', '/api/me', { cookie: cookies.guardian })).body.me.household.id;
    const [topUp] = await createServices(t.db, t.clock).ledger.createTransfers([
      {
        id: randomUUID(),
        kind: 'single',
        debitAccountId: PROGRAMME_BUDGET,
        creditAccountId: householdVoucherId(householdId, DEMO_CALL_ID),
        amount: 200_00,
        ledger: 'EUR',
        code: 'allocation',
        createdBy: 'test',
      },
    ]);
    expect(topUp).toBe('ok');
    const before = await people.voucherAvailable('guardian');
    expect(before).toBeGreaterThanOrEqual(90_00);
    const art = await session('Laboratorio di fumetto');
    const id = randomUUID();
    expect((await push('guardian', 'booking.create', { id, sessionId: art, minorId: await minor('Omar Haddad') })).status).toBe('applied');
    expect(await people.voucherAvailable('guardian')).toBe(before - 90_00);
    expect((await push('youth', 'booking.cancel', { id })).code).toBe('forbidden');
    expect((await push('guardian', 'booking.cancel', { id })).status).toBe('applied');
    expect(await people.voucherAvailable('guardian')).toBe(before);
    expect(await seatsTaken(art)).toBe(0);
    expect((await people.bookings('guardian')).find((b) => b.id === id)?.status).toBe('cancelled');
    expect((await push('guardian', 'booking.cancel', { id })).code).toBe('booking_not_cancellable');
    expect((await push('guardian2', 'booking.cancel', { id })).code).toBe('booking_not_found');
    // The place is free again: the same child may book it once more.
    expect(
      (await push('guardian', 'booking.create', { id: randomUUID(), sessionId: art, minorId: await minor('Omar Haddad') })).status,
    ).toBe('applied');
  });

  it('is redeemed once by its provider’s scan, which posts the hold; a forged, edited, cancelled or foreign code is refused', async () => {
    const omar = await minor('Omar Haddad');
    const id = randomUUID();
    expect(
      (await push('guardian', 'booking.create', { id, sessionId: await soon('Basket al parco'), minorId: await minor('Sara Haddad') }))
        .status,
    ).toBe('applied');
    const booking = (await people.bookings('guardian')).find((b) => b.id === id)!;
    expect(booking.code).toMatch(/^WM1\.[\w-]+\.[\w-]+$/);

    // Anyone's device can check the code offline with the published key.
    const { keys } = (await t.call('GET', '/api/keys/booking-codes')).body as { keys: { id: string; publicKey: string }[] };
    const parsed = parseBookingCode(booking.code!)!;
    expect(parsed.payload).toMatchObject({ b: id, n: 'Sara', a: booking.voucherCents, t: booking.startsAt });
    const publicKey = new Uint8Array(Buffer.from(keys.find((k) => k.id === parsed.payload.k)!.publicKey, 'base64url'));
    expect(await verifyBookingCode(parsed, publicKey)).toBe(true);
    const edited = booking.code!.slice(0, 10) + (booking.code![10] === 'A' ? 'B' : 'A') + booking.code!.slice(11);
    expect(parseBookingCode(edited) === null || !(await verifyBookingCode(parseBookingCode(edited)!, publicKey))).toBe(true);

    expect(await push('provider', 'booking.redeem', { code: edited })).toMatchObject({ status: 'rejected', code: 'booking_code_invalid' });
    expect(await push('provider', 'booking.redeem', { code: 'WM1.not.a-code' })).toMatchObject({
      status: 'rejected',
      code: 'booking_code_invalid',
    });
    expect(await push('guardian', 'booking.redeem', { code: booking.code })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await push('provider', 'booking.redeem', { code: booking.code, amountCents: booking.voucherCents + 1 })).toMatchObject({
      code: 'booking_amount',
    });
    expect(await push('provider', 'booking.redeem', { code: booking.code })).toEqual({ id: expect.any(String), status: 'applied' });
    expect(await push('provider', 'booking.redeem', { code: booking.code })).toMatchObject({
      status: 'rejected',
      code: 'booking_already_redeemed',
    });
    expect((await people.bookings('guardian')).find((b) => b.id === id)).toMatchObject({ status: 'redeemed', code: null });
    const [posted] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ledger_transfers WHERE ref_type = 'booking' AND ref_id = $1 AND code = 'redemption'",
      [id],
    );
    expect(posted.n).toBe(1);

    // Another provider's booking, and a cancelled one.
    const [robotics] = (await people.bookings('guardian2')).filter((b) => b.title.it === 'Robotica creativa' && b.status === 'confirmed');
    expect(await push('provider', 'booking.redeem', { code: robotics.code })).toMatchObject({ code: 'booking_other_provider' });
    const cancelled = randomUUID();
    expect(
      (await push('guardian', 'booking.create', { id: cancelled, sessionId: await session('Nuoto per ragazzi', 5), minorId: omar })).status,
    ).toBe('applied');
    const code = (await people.bookings('guardian')).find((b) => b.id === cancelled)!.code;
    expect((await push('guardian', 'booking.cancel', { id: cancelled })).status).toBe('applied');
    expect(await push('provider', 'booking.redeem', { code })).toMatchObject({ code: 'booking_cancelled' });
    expect(
      (await t.call('GET', '/api/city/ledger', { cookie: await t.signIn('admin@demo.wishmi.test') })).body.invariants.every(
        (c: { ok: boolean }) => c.ok,
      ),
    ).toBe(true);
  });

  it('posts part of the hold when fewer sessions were attended, and releases the rest', async () => {
    const before = await people.voucherAvailable('guardian');
    const id = randomUUID();
    expect(
      (await push('guardian', 'booking.create', { id, sessionId: await soon('Basket al parco', 90), minorId: await minor('Sara Haddad') }))
        .status,
    ).toBe('applied');
    const booking = (await people.bookings('guardian')).find((b) => b.id === id)!;
    expect(booking.voucherCents).toBeGreaterThan(0);
    expect(await people.voucherAvailable('guardian')).toBe(before - booking.voucherCents);
    expect((await push('provider', 'booking.redeem', { code: booking.code, amountCents: 30_00 })).status).toBe('applied');
    expect(await people.voucherAvailable('guardian')).toBe(before - 30_00);
    // The family is shown what the voucher really paid.
    expect((await people.bookings('guardian')).find((b) => b.id === id)).toMatchObject({
      status: 'redeemed',
      voucherCents: 30_00,
      familyCents: 80_00 - 30_00,
    });
  });

  it('refuses a code days before its session, and a claim of nothing releases the hold', async () => {
    const before = await people.voucherAvailable('guardian');
    const early = randomUUID();
    expect(
      (
        await push('guardian', 'booking.create', {
          id: early,
          sessionId: await session('Sport e alimentazione', 2),
          minorId: await minor('Sara Haddad'),
        })
      ).status,
    ).toBe('applied');
    const code = (await people.bookings('guardian')).find((b) => b.id === early)!.code;
    expect(await push('provider', 'booking.redeem', { code })).toMatchObject({ status: 'rejected', code: 'booking_too_early' });

    const absent = randomUUID();
    expect(
      (
        await push('guardian', 'booking.create', {
          id: absent,
          sessionId: await soon('Sport e alimentazione'),
          minorId: await minor('Sara Haddad'),
        })
      ).status,
    ).toBe('applied');
    const absentCode = (await people.bookings('guardian')).find((b) => b.id === absent)!.code;
    expect((await push('provider', 'booking.redeem', { code: absentCode, amountCents: 0 })).status).toBe('applied');
    expect((await people.bookings('guardian')).find((b) => b.id === absent)).toMatchObject({ status: 'redeemed', voucherCents: 0 });
    // Only the early booking's hold remains.
    expect(await people.voucherAvailable('guardian')).toBe(
      before - (await people.bookings('guardian')).find((b) => b.id === early)!.voucherCents,
    );
  });

  it('refuses a cancellation after the notice, even when sent from a phone that was offline, beyond the grace', async () => {
    const id = randomUUID();
    expect(
      (
        await push('guardian', 'booking.create', {
          id,
          sessionId: await soon('Scienza in cortile', 120),
          minorId: await minor('Omar Haddad'),
        })
      ).status,
    ).toBe('applied');
    // The notice is 24 hours: two hours before, it has long passed.
    expect(await push('guardian', 'booking.cancel', { id })).toMatchObject({ status: 'rejected', code: 'cancel_deadline_passed' });
  });

  it('gives exactly the seats there are to 50 families booking at once', async () => {
    const services = createServices(t.db, t.clock);
    const [{ id: offerId }] = await t.db.query<{ id: string }>("SELECT id FROM offers WHERE title->>'it' = 'Basket al parco'");
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) VALUES ($1, '2026-12-20T15:00:00Z', '2026-12-20T16:30:00Z', 10) RETURNING id",
      [offerId],
    );
    const families: SessionUser[] = [];
    const children: string[] = [];
    for (let i = 0; i < 50; i++) {
      const [{ id: householdId }] = await t.db.query<{ id: string }>('INSERT INTO households (municipio) VALUES (6) RETURNING id');
      const [{ id: userId }] = await t.db.query<{ id: string }>(
        "INSERT INTO users (email, password_hash, name, role, household_id) VALUES ($1, 'x', $2, 'guardian', $3) RETURNING id",
        [`rush${i}@example.com`, `Famiglia ${i}`, householdId],
      );
      children.push(
        (
          await t.db.query<{ id: string }>(
            "INSERT INTO minors (household_id, name, birth_date) VALUES ($1, 'Figlio', '2013-01-01') RETURNING id",
            [householdId],
          )
        )[0].id,
      );
      await giveVoucher(t.db, services.ledger, { id: householdId, guardianId: userId }, 100_00, t.clock.now());
      families.push({
        id: userId,
        role: 'guardian',
        language: 'it',
        householdId,
        me: (await services.auth.me(userId))!,
        cardId: null,
        kioskId: null,
        assistedBy: null,
      });
    }
    const answers = await Promise.all(
      families.map((user, i) => {
        const clientId = randomUUID();
        return services.sync.push(
          user,
          {
            userId: user.id,
            clientId,
            mutations: [
              {
                id: randomUUID(),
                clientId,
                seq: 1,
                name: 'booking.create',
                args: { id: randomUUID(), sessionId, minorId: children[i] },
                clientTime: '2026-11-25T10:00:00.000Z',
              },
            ],
          },
          'it',
        );
      }),
    );
    const statuses = answers.map((a) => a.results[0].code ?? a.results[0].status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'session_full')).toHaveLength(40);
    expect(await seatsTaken(sessionId)).toBe(10);
    const [{ held }] = await t.db.query<{ held: string }>(
      'SELECT coalesce(sum(voucher_cents), 0)::text AS held FROM bookings WHERE session_id = $1',
      [sessionId],
    );
    expect(Number(held)).toBe(10 * 80_00);
    expect((await services.ledger.verify()).every((check) => check.ok)).toBe(true);
  });
});
