import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, sessionCookie, TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { DEFAULT_RULES, type CallDashboard, type CallInput, type FamilyCall, type ReviewLine } from '$shared/calls';
import type { Booking } from '$shared/booking';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = '2026-11-25T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

/** A call whose window opened an hour ago and closes in two days, with two hours' grace. */
const callInput = (over: Partial<CallInput> = {}): CallInput => ({
  name: { it: 'Bando di prova 2027', en: 'Test call 2027', ar: '', zh: '', es: 'Convocatoria de prueba 2027' },
  description: { it: 'Voucher per attività dei figli minorenni.', en: 'Vouchers for children’s activities.', ar: '', zh: '', es: '' },
  budgetCents: 1_000_00,
  opensAt: at(-HOUR),
  closesAt: at(2 * DAY),
  spendingDeadline: at(20 * DAY),
  graceHours: 2,
  rules: DEFAULT_RULES,
  ...over,
});

type Family = { cookie: string; userId: string; householdId: string; device: Device; minors: string[] };

describe.each(ENGINES)('a voucher call from application to expiry (%s)', (engine) => {
  let t: TestApp;
  let admin: string;
  let callId: string;
  const families: Record<string, Family> = {};

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: NOW });
    admin = await t.signIn('admin@demo.wishmi.test');
  });
  afterAll(() => t.close());

  const push = async (f: Family, name: string, args: unknown, clientTime = t.clock.now().toISOString()) =>
    (
      await t.call('POST', '/api/sync/push', {
        cookie: f.cookie,
        body: { userId: f.userId, clientId: f.device.clientId, mutations: [f.device.mutation(name, args, clientTime)] },
      })
    ).body.results[0];
  const pull = (f: Family) => t.call('GET', `/api/sync/pull?userId=${f.userId}&clientId=${f.device.clientId}`, { cookie: f.cookie });
  const myCall = async (f: Family): Promise<FamilyCall> =>
    (await t.call('GET', '/api/calls', { cookie: f.cookie })).body.calls.find((c: FamilyCall) => c.id === callId);
  const dashboard = async (): Promise<CallDashboard> =>
    (await t.call('GET', `/api/city/calls/${callId}`, { cookie: admin })).body.dashboard;
  const review = async (filter = 'all'): Promise<ReviewLine[]> =>
    (await t.call('GET', `/api/city/calls/${callId}/applications?filter=${filter}`, { cookie: admin })).body.lines;
  const step = (name: string) => t.call('POST', `/api/city/calls/${callId}/${name}`, { cookie: admin, body: {} });
  const apply = (f: Family, over: Record<string, unknown> = {}, clientTime?: string) =>
    push(
      f,
      'call.apply',
      {
        id: randomUUID(),
        callId,
        householdId: f.householdId,
        resident: true,
        iseeCents: 15_000_00,
        dsu: 'INPS-ISEE-2026-00001234A-00',
        singleParent: false,
        disabledAdults: 0,
        consent: true,
        ...over,
      },
      clientTime,
    );

  /** A family registered through the app, its children added from its phone. */
  async function family(key: string, municipio: number, minors: { birthDate: string; disability?: boolean }[]): Promise<Family> {
    const res = await t.call('POST', '/api/auth/register', {
      headers: { 'x-forwarded-for': `198.51.100.${Object.keys(families).length + 10}` },
      body: { email: `${key}@calls.example`, password: 'una password lunga', name: `Famiglia ${key}`, language: 'it', municipio },
    });
    expect(res.status).toBe(201);
    const f: Family = {
      cookie: sessionCookie(res.headers),
      userId: res.body.me.id,
      householdId: res.body.me.household.id,
      device: new Device(),
      minors: [],
    };
    for (const [i, m] of minors.entries()) {
      const id = randomUUID();
      expect(
        await push(f, 'household.addMinor', { id, name: `Figlio ${key} ${i}`, birthDate: m.birthDate, disability: m.disability ?? false }),
      ).toMatchObject({ status: 'applied' });
      f.minors.push(id);
    }
    families[key] = f;
    return f;
  }

  it('creates a call, its budget moved from the programme; bad calls are refused and change nothing', async () => {
    const before = { calls: await count(t.db, 'calls'), transfers: await count(t.db, 'ledger_transfers') };
    const backwards = await t.call('POST', '/api/city/calls', { cookie: admin, body: callInput({ closesAt: at(-2 * HOUR) }) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toContainEqual(expect.objectContaining({ path: 'closesAt', code: 'field_closes_at' }));
    const past = await t.call('POST', '/api/city/calls', { cookie: admin, body: callInput({ opensAt: at(-3 * DAY), closesAt: at(-DAY) }) });
    expect(past.body.error.fields).toContainEqual(expect.objectContaining({ path: 'closesAt', code: 'field_closes_at_past' }));
    const impossible = await t.call('POST', '/api/city/calls', {
      cookie: admin,
      body: callInput({ spendingDeadline: '2027-02-30T10:00:00Z' }),
    });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'spendingDeadline', code: 'field_spending_deadline' }),
    );
    const gap = await t.call('POST', '/api/city/calls', {
      cookie: admin,
      body: callInput({ rules: { ...DEFAULT_RULES, iseeCeilingCents: 30_000_00 } }),
    });
    expect(gap.body.error.fields).toContainEqual(expect.objectContaining({ path: 'rules.bands', code: 'field_bands_cover' }));
    const tooBig = await t.call('POST', '/api/city/calls', { cookie: admin, body: callInput({ budgetCents: 10_000_000_00 }) });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([409, 'call_budget_insufficient']);
    const guardian = await t.signIn('guardian@demo.wishmi.test');
    expect((await t.call('POST', '/api/city/calls', { cookie: guardian, body: callInput() })).status).toBe(403);
    expect({ calls: await count(t.db, 'calls'), transfers: await count(t.db, 'ledger_transfers') }).toEqual(before);

    const created = await t.call('POST', '/api/city/calls', { cookie: admin, body: callInput() });
    expect(created.status).toBe(201);
    callId = created.body.call.id;
    expect(created.body.call).toMatchObject({
      status: 'open',
      budgetCents: 1_000_00,
      name: { it: 'Bando di prova 2027', es: 'Convocatoria de prueba 2027' },
    });
    expect(created.body.call.name).not.toHaveProperty('ar');
    expect(await dashboard()).toMatchObject({ budgetCents: 1_000_00, unallocatedCents: 1_000_00, applications: 0, reconciled: true });
  });

  it('takes one application per household, from its own guardian, inside the window; the household comes from its profile', async () => {
    // A: single parent, a disabled child, ISEE 8,000 → 400 and 10 + 2×2 + 5 = 19 points.
    const a = await family('a', 3, [{ birthDate: '2014-02-01', disability: true }, { birthDate: '2017-05-05' }]);
    const b = await family('b', 4, [{ birthDate: '2015-01-01' }]);
    const c = await family('c', 4, [{ birthDate: '2015-01-01' }]);
    const d = await family('d', 8, [{ birthDate: '2012-01-01' }]);
    const e = await family('e', 8, [{ birthDate: '2013-01-01' }]);
    await family('f', 9, [{ birthDate: '2013-01-01' }]);
    expect(await apply(a, { iseeCents: 8_000_00, singleParent: true })).toMatchObject({ status: 'applied' });
    t.clock.advance(60_000);
    expect(await apply(b)).toMatchObject({ status: 'applied' });
    t.clock.advance(60_000);
    // The same points, ISEE and minors as B, a minute later: B goes first.
    expect(await apply(c, { dsu: ' inps-isee-2026-00005678b-01 ' })).toMatchObject({ status: 'applied' });
    // Exactly at the ceiling: "under 27,000" leaves it out.
    expect(await apply(d, { iseeCents: 27_000_00 })).toMatchObject({ status: 'applied' });

    const applications = await count(t.db, 'call_applications');
    // Another household's application, a second one, a forged band, a missing consent, a bad DSU, a youth: all refused.
    expect(await apply(e, { householdId: a.householdId })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await apply(a, { iseeCents: 1_00 })).toMatchObject({ status: 'rejected', code: 'application_exists' });
    expect(await apply(e, { amountCents: 400_00 })).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(await apply(e, { consent: false })).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(await apply(e, { dsu: '12345' })).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(await apply(e, { iseeCents: -1 })).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    const youth = await t.signIn('youth@demo.wishmi.test');
    const youthId = (await t.call('GET', '/api/me', { cookie: youth })).body.me.id;
    const youthDevice = new Device();
    const byYouth = await t.call('POST', '/api/sync/push', {
      cookie: youth,
      body: {
        userId: youthId,
        clientId: youthDevice.clientId,
        mutations: [
          youthDevice.mutation('call.apply', {
            id: randomUUID(),
            callId,
            householdId: a.householdId,
            resident: true,
            iseeCents: 0,
            dsu: 'INPS-ISEE-2026-00001234A-00',
            singleParent: false,
            disabledAdults: 0,
            consent: true,
          }),
        ],
      },
    });
    expect(byYouth.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    // A call not yet open.
    const later = await t.call('POST', '/api/city/calls', {
      cookie: admin,
      body: callInput({ budgetCents: 100_00, opensAt: at(DAY), closesAt: at(3 * DAY) }),
    });
    expect(
      await push(e, 'call.apply', {
        id: randomUUID(),
        callId: later.body.call.id,
        householdId: e.householdId,
        resident: true,
        iseeCents: 0,
        dsu: 'INPS-ISEE-2026-00001234A-00',
        singleParent: false,
        disabledAdults: 0,
        consent: true,
      }),
    ).toMatchObject({ status: 'rejected', code: 'call_not_open' });
    expect(await count(t.db, 'call_applications')).toBe(applications);

    // Two phones of one household apply at the same moment: one application, the other told why.
    const g = await family('g', 2, [{ birthDate: '2016-01-01' }]);
    const other = { ...g, device: new Device() };
    const both = await Promise.all([apply(g, { iseeCents: 30_000_00 }), apply(other, { iseeCents: 30_000_00 })]);
    expect(both.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ code: 'application_exists' });

    const mine = await myCall(a);
    expect(mine.application).toMatchObject({
      status: 'submitted',
      iseeCents: 8_000_00,
      singleParent: true,
      rank: null,
      points: null,
      amountCents: null,
    });
    expect(mine.application!.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect((await myCall(c)).application!.dsu).toBe('INPS-ISEE-2026-00005678B-01');
    // The application reaches the household's devices with the next pull.
    expect(
      (await pull(a)).body.changes.find((ch: { entity: string }) => ch.entity === 'calls').data.find((x: FamilyCall) => x.id === callId)
        .application.status,
    ).toBe('submitted');
  });

  it('counts an application made offline before the close within the grace; not one made after, nor a close before the grace ends', async () => {
    const { e, f } = families;
    await pull(e); // E's phone last synced before the close: what it did offline after that may count.
    t.clock.set(at(2 * DAY + HOUR)); // An hour after the close, within the two hours' grace.
    expect(await apply(f, {}, t.clock.now().toISOString())).toMatchObject({ status: 'rejected', code: 'call_closed' });
    expect(await apply(e, { iseeCents: 20_000_00 }, at(2 * DAY - HOUR))).toMatchObject({ status: 'applied' });
    expect((await step('close')).body.error.code).toBe('call_window_open');
    t.clock.set(at(2 * DAY + 3 * HOUR));
    expect(await apply(f, {}, at(2 * DAY - HOUR))).toMatchObject({ status: 'rejected', code: 'call_closed' });
    expect((await step('close')).body.call.status).toBe('closed');
    expect((await step('close')).body.error.code).toBe('call_wrong_status');
  });

  it('ranks by points, then the tie-breakers, and explains each place; the city reviews before publishing', async () => {
    expect((await step('publish')).body.error.code).toBe('call_wrong_status');
    const ranked = await step('rank');
    expect(ranked.body.dashboard).toMatchObject({ applications: 6, eligible: 4, excluded: 2 });
    const lines = await review();
    const code = async (key: string) => (await myCall(families[key])).application!.code;
    expect(lines.slice(0, 4).map((l) => [l.code, l.rank, l.points?.total ?? null, l.amountCents, l.exclusion])).toEqual([
      [await code('a'), 1, 19, 400_00, null],
      [await code('b'), 2, 2, 300_00, null],
      [await code('c'), 3, 2, 300_00, null],
      [await code('e'), 4, 2, 200_00, null],
    ]);
    expect(
      lines
        .slice(4)
        .map((l) => [l.code, l.rank, l.exclusion])
        .sort(),
    ).toEqual(
      [
        [await code('d'), null, 'isee_over_ceiling'],
        [await code('g'), null, 'isee_over_ceiling'],
      ].sort(),
    );
    expect(lines[0].points).toEqual({
      disabledMembers: 1,
      disabledPoints: 10,
      minors: 2,
      minorPoints: 4,
      singleParent: true,
      singleParentPoints: 5,
      total: 19,
    });
    // Families see neither rank nor points until the ranking is published.
    expect((await myCall(families.a)).application).toMatchObject({ status: 'eligible', rank: null, points: null });
    expect((await myCall(families.d)).application).toMatchObject({ status: 'excluded', exclusion: 'isee_over_ceiling' });

    // The city's review: C's DSU does not check out; then it does, after all.
    const c = lines[2].applicationId;
    expect(
      (await t.call('POST', `/api/city/calls/${callId}/applications/${c}/exclude`, { cookie: admin, body: { reason: 'no' } })).status,
    ).toBe(400);
    const excluded = await t.call('POST', `/api/city/calls/${callId}/applications/${c}/exclude`, {
      cookie: admin,
      body: { reason: 'La DSU non risulta all’INPS.' },
    });
    expect(excluded.body.line).toMatchObject({ status: 'excluded', exclusion: 'manual', note: 'La DSU non risulta all’INPS.', rank: null });
    expect((await review('eligible')).map((l) => l.rank)).toEqual([1, 2, 3]);
    expect((await myCall(families.c)).application).toMatchObject({
      status: 'excluded',
      exclusion: 'manual',
      note: 'La DSU non risulta all’INPS.',
    });
    expect(
      (
        await t.call(
          'POST',
          `/api/city/calls/${callId}/applications/${lines.find((l) => l.exclusion === 'isee_over_ceiling')!.applicationId}/reinstate`,
          { cookie: admin, body: {} },
        )
      ).body.error.code,
    ).toBe('application_not_reviewable');
    expect(
      (await t.call('POST', `/api/city/calls/${callId}/applications/${c}/reinstate`, { cookie: admin, body: {} })).body.line,
    ).toMatchObject({ status: 'eligible', rank: 3, note: '' });

    expect((await t.call('GET', `/api/calls/${callId}/ranking`)).status).toBe(404);
    expect((await step('publish')).body.call.status).toBe('published');
    expect(
      (
        await t.call('POST', `/api/city/calls/${callId}/applications/${c}/exclude`, {
          cookie: admin,
          body: { reason: 'Troppo tardi ormai.' },
        })
      ).body.error.code,
    ).toBe('call_wrong_status');
    // The published ranking names no one: codes, points and amounts.
    const ranking = await t.call('GET', `/api/calls/${callId}/ranking`);
    expect(ranking.status).toBe(200);
    expect(ranking.body).toMatchObject({ total: 4, page: 0 });
    expect(ranking.body.lines.map((l: { code: string }) => l.code)).toEqual([
      await code('a'),
      await code('b'),
      await code('c'),
      await code('e'),
    ]);
    expect(ranking.body.lines[0]).toEqual({ code: await code('a'), rank: 1, points: 19, amountCents: 400_00, status: null });
    const text = JSON.stringify(ranking.body);
    expect(text).not.toMatch(/isee|disabled|singleParent/i);
    for (const f of Object.values(families)) expect(text).not.toContain(f.householdId);
    expect(text).not.toContain('Famiglia');
    expect((await myCall(families.b)).application).toMatchObject({ rank: 2, amountCents: 300_00, points: { total: 2 } });
  });

  it('allocates in rank order until the budget is spent; the rest wait; a second run moves nothing', async () => {
    const allocated = await step('allocate');
    expect(allocated.body).toMatchObject({ funded: 3, waiting: 1, allocatedCents: 1_000_00 });
    const transfers = await count(t.db, 'ledger_transfers');
    expect((await step('allocate')).body.error.code).toBe('call_wrong_status');
    expect(await count(t.db, 'ledger_transfers')).toBe(transfers);
    expect(await dashboard()).toMatchObject({
      funded: 3,
      waiting: 1,
      allocatedCents: 1_000_00,
      availableCents: 1_000_00,
      unallocatedCents: 0,
      reconciled: true,
    });
    const a = (await myCall(families.a)).application!;
    expect(a).toMatchObject({
      status: 'funded',
      amountCents: 400_00,
      voucher: { available: 400_00, spent: 0, held: 0, deadline: at(20 * DAY) },
    });
    expect((await myCall(families.e)).application).toMatchObject({ status: 'waiting', waitingPosition: 1, voucher: null });
    // The voucher is in the wallet with its call's spending deadline (not the grace beyond it).
    const wallet = (await t.call('GET', '/api/wallet', { cookie: families.a.cookie })).body.accounts;
    expect(wallet).toEqual([expect.objectContaining({ kind: 'household_voucher', available: 400_00, expiresAt: at(20 * DAY) })]);
  });

  it('gives a declined or revoked voucher to the next household waiting; a voucher in use cannot be declined', async () => {
    const { a, b, c, e } = families;
    // B books an activity: its voucher is in use.
    const [session] = await t.db.query<{ id: string }>(
      `SELECT s.id FROM offer_sessions s JOIN offers o ON o.id = s.offer_id
        WHERE o.voucher_accepted AND o.price_cents > 0 AND o.age_min <= 11 AND o.age_max >= 11 AND s.starts_at > $1 ORDER BY s.starts_at DESC LIMIT 1`,
      [t.clock.now()],
    );
    expect(await push(b, 'booking.create', { id: randomUUID(), sessionId: session.id, minorId: b.minors[0] })).toMatchObject({
      status: 'applied',
    });
    const bApp = (await myCall(b)).application!;
    expect(await push(b, 'call.decline', { applicationId: bApp.id })).toMatchObject({ status: 'rejected', code: 'voucher_in_use' });
    expect(await push(a, 'call.decline', { applicationId: bApp.id })).toMatchObject({ status: 'rejected', code: 'application_not_found' });

    const cApp = (await myCall(c)).application!;
    expect(await push(c, 'call.decline', { applicationId: cApp.id })).toMatchObject({ status: 'applied' });
    expect((await myCall(c)).application).toMatchObject({ status: 'declined', voucher: null });
    // E was waiting: 300 came back, E needs 200.
    expect((await myCall(e)).application).toMatchObject({ status: 'funded', voucher: { available: 200_00 } });
    expect(await dashboard()).toMatchObject({ funded: 3, waiting: 0, declined: 1, unallocatedCents: 100_00, reconciled: true });

    const aLine = (await review('funded')).find((l) => l.rank === 1)!;
    const revoked = await t.call('POST', `/api/city/calls/${callId}/applications/${aLine.applicationId}/revoke`, {
      cookie: admin,
      body: { reason: 'Residenza non confermata.' },
    });
    expect(revoked.body).toMatchObject({ line: { status: 'revoked', note: 'Residenza non confermata.' }, refilled: 0 });
    expect((await myCall(a)).application).toMatchObject({ status: 'revoked', voucher: null });
    expect(await dashboard()).toMatchObject({ funded: 2, revoked: 1, unallocatedCents: 500_00, reconciled: true });
  });

  it('returns to the call what a revoked voucher frees later, when its held booking is cancelled', async () => {
    const { b } = families;
    const bLine = (await review('funded')).find((l) => l.rank === 2)!;
    const bookings: Booking[] = (await pull(b)).body.changes.find((ch: { entity: string }) => ch.entity === 'bookings').data;
    const held = bookings.find((x) => x.status === 'confirmed' && x.voucherCents > 0)!;
    const revoked = await t.call('POST', `/api/city/calls/${callId}/applications/${bLine.applicationId}/revoke`, {
      cookie: admin,
      body: { reason: 'ISEE non confermato.' },
    });
    expect(revoked.body).toMatchObject({ line: { status: 'revoked' }, refilled: 0 });
    const before = await dashboard();
    expect(before.heldCents).toBe(held.voucherCents);
    // The family cancels: the hold's money is free again on the revoked voucher, and the hourly job returns it.
    expect(await push(b, 'booking.cancel', { id: held.id })).toMatchObject({ status: 'applied' });
    const { createServices } = await import('../services');
    await createServices(t.db, t.clock).calls.reclaim();
    const after = await dashboard();
    expect(after).toMatchObject({ heldCents: 0, unallocatedCents: before.unallocatedCents + held.voucherCents, reconciled: true });
    expect((await myCall(b)).application).toMatchObject({ status: 'revoked', voucher: null });
  });

  it('after the deadline holds no new voucher money except what was booked offline in time; the sweep returns the rest once, and it all reconciles', async () => {
    const { e } = families;
    const later = async (n: number) =>
      (
        await t.db.query<{ id: string }>(
          `SELECT s.id FROM offer_sessions s JOIN offers o ON o.id = s.offer_id
          WHERE o.voucher_accepted AND o.price_cents > 0 AND o.age_min <= 13 AND o.age_max >= 13 AND s.starts_at > $1 ORDER BY s.starts_at DESC OFFSET $2 LIMIT 1`,
          [at(21 * DAY), n],
        )
      )[0].id;
    // Weeks have passed: everyone signs in again, and E's phone syncs before the deadline.
    t.clock.set(at(20 * DAY - 2 * HOUR));
    admin = await t.signIn('admin@demo.wishmi.test');
    for (const [key, f] of Object.entries(families)) f.cookie = await t.signIn(`${key}@calls.example`, 'una password lunga');
    await pull(e);
    t.clock.set(at(20 * DAY + HOUR)); // An hour past the spending deadline, within the grace.
    const online = randomUUID();
    expect(await push(e, 'booking.create', { id: online, sessionId: await later(0), minorId: e.minors[0] })).toMatchObject({
      status: 'applied',
    });
    const offline = randomUUID();
    expect(
      await push(e, 'booking.create', { id: offline, sessionId: await later(1), minorId: e.minors[0] }, at(20 * DAY - HOUR)),
    ).toMatchObject({ status: 'applied' });
    const bookings: Booking[] = (await pull(e)).body.changes.find((ch: { entity: string }) => ch.entity === 'bookings').data;
    expect(bookings.find((x) => x.id === online)!.voucherCents).toBe(0);
    expect(bookings.find((x) => x.id === offline)!.voucherCents).toBeGreaterThan(0);

    // Past the deadline a voucher can no longer be passed on: the money goes back to the city instead.
    expect(await push(e, 'call.decline', { applicationId: (await myCall(e)).application!.id })).toMatchObject({
      status: 'rejected',
      code: 'deadline_passed',
    });
    expect((await step('sweep')).body.error.code).toBe('call_deadline_not_passed');
    t.clock.set(at(20 * DAY + 3 * HOUR));
    const before = await dashboard();
    const swept = await step('sweep');
    expect(swept.body.report.vouchers).toBe(1);
    expect(swept.body.report.returnedCents).toBe(before.availableCents);
    expect(swept.body.call.status).toBe('expired');
    expect(swept.body.dashboard).toMatchObject({ availableCents: 0, expiredCents: before.availableCents, reconciled: true });
    const again = await step('sweep');
    expect(again.body.report).toEqual({ vouchers: 0, returnedCents: 0, batches: 0 });
    // Held money may still be redeemed; it stays counted as held until then.
    expect(swept.body.dashboard.heldCents).toBeGreaterThan(0);
    expect((await myCall(e)).application!.voucher).toMatchObject({ available: 0 });
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: admin })).body.invariants;
    expect(invariants.every((i: { ok: boolean }) => i.ok)).toBe(true);
    const csv = await t.call('GET', `/api/city/calls/${callId}/csv?kind=municipi`, { cookie: admin });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\r\n')[0]).toContain('municipio,applications');
    expect((await t.call('GET', `/api/city/calls/${callId}/csv?kind=names`, { cookie: admin })).status).toBe(400);
  });
});
