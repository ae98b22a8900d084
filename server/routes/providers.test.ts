import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, sessionCookie, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { CatalogueDelta } from '$shared/catalogue';
import { householdVoucherId } from '../services/ledger/accounts';
import { DEMO_CALL_ID } from '../seed/demo';
import { anApplication } from '../../tests/support/providers';
import type { Application, ProviderRecord, ProviderSummary } from '$shared/provider';

const application: Application = anApplication();
const account = { email: 'elena@danza.example', password: 'passi-di-danza-2026', name: 'Elena Greco', language: 'it' };

describe.each(ENGINES)('provider accreditation (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'provider', 'admin']);
    ({ cookies } = people);
  });
  afterAll(() => t.close());

  const decide = (providerId: string, body: unknown) =>
    t.call('POST', `/api/city/providers/${providerId}/decision`, { cookie: cookies.admin, body });

  const queueOf = async (status: string) =>
    (
      await t.call<{ providers: ProviderSummary[]; counts: Record<string, number> }>('GET', `/api/city/providers?status=${status}`, {
        cookie: cookies.admin,
      })
    ).body;

  it('takes an application through changes asked, corrected and approved, keeping every step and reason', async () => {
    const { counts: before } = await queueOf('applied');
    const applied = await t.call('POST', '/api/providers/apply', { body: { account, application } });
    expect(applied.status).toBe(201);
    expect(applied.body.me).toMatchObject({ role: 'provider', provider: { name: 'Danza Corvetto ASD' } });
    const staff = sessionCookie(applied.headers);
    const providerId = applied.body.me.provider.id as string;

    const own = await t.call<{ provider: ProviderRecord }>('GET', '/api/provider/application', { cookie: staff });
    expect(own.body.provider).toMatchObject({ ...application, status: 'applied', statusReason: '', offerCount: 0 });

    // The city's queue shows it first, among waiting applications.
    const queue = await queueOf('applied');
    expect(queue.providers.map((p) => p.name)).toContain('Danza Corvetto ASD');
    expect(queue.counts).toEqual({ ...before, applied: (before.applied ?? 0) + 1 });

    // Asking for changes needs a reason the provider will read.
    const noReason = await decide(providerId, { decision: 'request_changes', expectedStatus: 'applied' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0]).toMatchObject({ path: 'reason', code: 'field_reason_required' });
    const asked = await decide(providerId, {
      decision: 'request_changes',
      reason: 'Manca il piano di sicurezza.',
      expectedStatus: 'applied',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.provider).toMatchObject({ status: 'changes_requested', statusReason: 'Manca il piano di sicurezza.' });
    expect((await t.call('GET', '/api/provider/overview', { cookie: staff })).body.overview).toMatchObject({
      status: 'changes_requested',
      statusReason: 'Manca il piano di sicurezza.',
    });

    const corrected = { ...application, documents: [...application.documents, { kind: 'safety_plan', name: 'Piano sicurezza palestra' }] };
    const resubmitted = await t.call<{ provider: ProviderRecord }>('PUT', '/api/provider/application', { cookie: staff, body: corrected });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.provider).toMatchObject({ status: 'applied', statusReason: '', documents: corrected.documents });

    // Another admin's page still showing "changes requested" decides nothing.
    const stale = await decide(providerId, { decision: 'approve', expectedStatus: 'changes_requested' });
    expect(stale.body.error.code).toBe('provider_status_changed');
    const approved = await decide(providerId, { decision: 'approve', expectedStatus: 'applied' });
    expect(approved.body.provider.status).toBe('accredited');
    expect((approved.body.provider as ProviderRecord).history.map((e) => [e.from, e.to])).toEqual([
      ['applied', 'accredited'],
      ['changes_requested', 'applied'],
      ['applied', 'changes_requested'],
      [null, 'applied'],
    ]);
    // Admitted: the application is closed to edits.
    const late = await t.call('PUT', '/api/provider/application', { cookie: staff, body: application });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('provider_not_editable');
  });

  it('refuses bad applications and decisions with a clear message, changing nothing', async () => {
    const before = await count(t.db, 'providers');
    const bad = await t.call('POST', '/api/providers/apply', {
      body: { account, application: { ...application, taxCode: '123', categories: [], trainedStaff: [] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'application.categories',
      'application.taxCode',
      'application.trainedStaff',
    ]);
    // Training still to come is not training done.
    const future = await t.call('POST', '/api/providers/apply', {
      body: { account, application: { ...application, trainedStaff: [{ name: 'Elena Greco', trainedOn: '2027-01-10' }] } },
    });
    expect(future.body.error.fields).toEqual([
      expect.objectContaining({ path: 'application.trainedStaff.0.trainedOn', code: 'field_trained_on_future' }),
    ]);
    // The email already has a sign-in: no organisation is left behind.
    const taken = await t.call('POST', '/api/providers/apply', {
      body: { account: { ...account, email: 'guardian@demo.wishmi.test' }, application },
    });
    expect(taken.status).toBe(409);
    expect(await count(t.db, 'providers')).toBe(before);

    const [{ id: navigli }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Polisportiva Navigli'");
    expect(
      (await decide(navigli, { decision: 'request_changes', reason: 'Troppo tardi', expectedStatus: 'accredited' })).body.error.code,
    ).toBe('decision_not_allowed');
    expect((await decide(navigli, { decision: 'close', expectedStatus: 'accredited' })).status).toBe(400);
    expect((await decide(randomUUID(), { decision: 'approve', expectedStatus: 'applied' })).status).toBe(404);
    expect((await decide('nope', { decision: 'approve', expectedStatus: 'applied' })).status).toBe(400);
    expect((await t.call('GET', '/api/city/providers?status=sleeping', { cookie: cookies.admin })).status).toBe(400);
    // A provider sees only its own file; a family sees none.
    expect((await t.call('GET', `/api/city/providers/${navigli}`, { cookie: cookies.provider })).status).toBe(403);
    expect((await t.call('GET', '/api/provider/application', { cookie: cookies.guardian })).status).toBe(403);
  });

  it('suspends a provider: its offers leave the catalogue, open bookings are released and the family told why', async () => {
    const [{ id: navigli }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Polisportiva Navigli'");
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "SELECT s.id FROM offer_sessions s JOIN offers o ON o.id = s.offer_id WHERE o.title->>'it' = 'Nuoto per ragazzi' AND s.starts_at > '2026-11-26' ORDER BY s.starts_at LIMIT 1",
    );
    const [{ id: minorId }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Omar Haddad'");
    const availableBefore = await people.voucherAvailable('guardian');
    expect((await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId })).body.results[0].status).toBe(
      'applied',
    );
    const [booked] = await people.bookings('guardian');
    expect(booked.voucherCents).toBeGreaterThan(0);
    expect(await people.voucherAvailable('guardian')).toBe(availableBefore - booked.voucherCents);
    const { cursor } = (await t.call<CatalogueDelta>('GET', '/api/catalogue?since=0')).body;

    const suspended = await decide(navigli, {
      decision: 'suspend',
      reason: 'Verifica assicurazione in corso.',
      expectedStatus: 'accredited',
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.released).toBeGreaterThanOrEqual(1);

    const [after] = await people.bookings('guardian');
    expect(after).toMatchObject({ id: booked.id, status: 'cancelled', cancelReason: 'provider_suspended', code: null });
    expect(await people.voucherAvailable('guardian')).toBe(availableBefore);
    const [{ seats }] = await t.db.query<{ seats: number }>('SELECT seats_taken::int AS seats FROM offer_sessions WHERE id = $1', [
      sessionId,
    ]);
    expect(seats).toBe(0);
    // Devices learn the offers are gone; new bookings and scans are refused.
    const [{ n: navigliOffers }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM offers WHERE provider_id = $1', [
      navigli,
    ]);
    const delta = await t.catalogueSince(cursor, (d) => d.removed.length >= navigliOffers);
    expect(delta.removed).toHaveLength(navigliOffers);
    expect((await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId })).body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'offer_unavailable',
    });
    expect((await people.push('provider', 'booking.redeem', { code: booked.code })).body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'provider_not_accredited',
    });
    expect((await t.call('GET', '/api/provider/overview', { cookie: cookies.provider })).body.overview).toMatchObject({
      status: 'suspended',
      statusReason: 'Verifica assicurazione in corso.',
    });

    // Reinstated: the offers come back; the released booking stays cancelled.
    expect((await decide(navigli, { decision: 'approve', expectedStatus: 'suspended' })).body.provider.status).toBe('accredited');
    const back = await t.catalogueSince(delta.cursor, (d) => d.offers.length >= navigliOffers);
    expect(back.offers).toHaveLength(navigliOffers);
    expect((await people.bookings('guardian'))[0].status).toBe('cancelled');
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: cookies.admin })).body.invariants as { ok: boolean }[];
    expect(invariants.every((c) => c.ok)).toBe(true);
  });

  it('keeps the bookings of sessions already begun when it suspends, so the provider is paid for what it gave', async () => {
    const [{ id: navigli }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Polisportiva Navigli'");
    const starts = new Date(t.clock.now().getTime() + 30 * 60_000);
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, $1, $2, 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
      [starts, new Date(starts.getTime() + 3_600_000)],
    );
    const [{ id: sara }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Sara Haddad'");
    expect((await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId: sara })).body.results[0].status).toBe(
      'applied',
    );
    const booking = (await people.bookings('guardian')).find((b) => b.sessionId === sessionId)!;

    // The game has started when the city suspends: that booking stands, and its scan still counts.
    t.clock.advance(45 * 60_000);
    expect((await decide(navigli, { decision: 'suspend', reason: 'Verifica.', expectedStatus: 'accredited' })).status).toBe(200);
    const [{ status }] = await t.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [booking.id]);
    expect(status).toBe('confirmed');
    expect((await people.push('provider', 'booking.redeem', { code: booking.code })).body.results[0].status).toBe('applied');
    expect((await decide(navigli, { decision: 'approve', expectedStatus: 'suspended' })).status).toBe(200);
  });
});

// Real concurrency needs real connections: PGlite runs one transaction at a time.
describe.skipIf(!ENGINES.includes('postgres'))('a suspension racing bookings (postgres)', () => {
  let t: TestApp;
  let people: DemoPeople;
  let cookies: Record<string, string>;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    t = await TestApp.start('postgres', { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'guardian2', 'admin']);
    ({ cookies } = people);
  });
  afterAll(() => t.close());

  it('leaves no booking holding a voucher with a suspended provider, and never deadlocks', async () => {
    const [{ id: navigli }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Polisportiva Navigli'");
    const [{ household_id: bianchi }] = await t.db.query<{ household_id: string }>(
      "SELECT household_id FROM users WHERE email = 'guardian2@demo.wishmi.test'",
    );
    const [{ id: marco }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Marco Bianchi'");
    const [{ id: omar }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Omar Haddad'");
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      `SELECT s.id FROM offer_sessions s JOIN offers o ON o.id = s.offer_id
        WHERE o.provider_id = $1 AND o.age_min <= 9 AND o.age_max >= 12 AND o.price_cents > 0 AND s.starts_at > '2026-11-27' ORDER BY s.starts_at LIMIT 1`,
      [navigli],
    );
    // Another family already holds a seat there: releasing it touches the same session and offer.
    expect((await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId: omar })).body.results[0].status).toBe(
      'applied',
    );

    // A booking that is half-way through (its family's voucher row held by someone else) when the city suspends.
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const blocker = t.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM ledger_balances WHERE id = $1 FOR UPDATE', [householdVoucherId(bianchi, DEMO_CALL_ID)]);
      await blocked;
    });
    await sleep(100);
    const bookingId = randomUUID();
    const booking = people.push('guardian2', 'booking.create', { id: bookingId, sessionId, minorId: marco });
    await sleep(300);
    const decision = t.call('POST', `/api/city/providers/${navigli}/decision`, {
      cookie: cookies.admin,
      body: { decision: 'suspend', reason: 'Verifica in corso.', expectedStatus: 'accredited' },
    });
    await sleep(300);
    unblock();
    await blocker;
    const [booked, decided] = await Promise.all([booking, decision]);
    expect(decided.status).toBe(200);
    expect(booked.status).toBe(200);
    // The booking went first (the suspension waited for it, then released it) or after (refused).
    const [row] = await t.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [bookingId]);
    expect(row === undefined || row.status === 'cancelled').toBe(true);
    const [{ n }] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings b JOIN offer_sessions s ON s.id = b.session_id WHERE b.provider_id = $1 AND b.status = 'confirmed' AND s.starts_at > '2026-11-25T10:00:00Z'",
      [navigli],
    );
    expect(n).toBe(0);
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: cookies.admin })).body.invariants as { ok: boolean }[];
    expect(invariants.every((c) => c.ok)).toBe(true);
  });
});
