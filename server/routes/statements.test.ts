import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import { csvCell, type Statement } from '$shared/statements';
import type { Project } from '$shared/micro-projects';
import type { ProviderOverview } from '$shared/overview';

describe.each(ENGINES)('provider statements and reimbursement (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let cookies: Record<string, string>;
  const month = '2026-11';

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'provider', 'admin']);
    ({ cookies } = people);
    // A family books swimming with the voucher, and the provider scans it.
    // A session starting within the hour: its code may be scanned now.
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-25T10:30:00Z', '2026-11-25T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Nuoto per ragazzi' RETURNING id",
    );
    const [{ id: minorId }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Omar Haddad'");
    expect((await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId })).body.results[0].status).toBe(
      'applied',
    );
    const [booking] = await people.bookings('guardian');
    expect((await people.push('provider', 'booking.redeem', { code: booking.code, amountCents: 100_00 })).body.results[0].status).toBe(
      'applied',
    );
  });
  afterAll(() => t.close());

  it('shows a provider what was redeemed this month, from the ledger, and the lines behind it as CSV', async () => {
    const res = await t.call<{ statements: Statement[] }>('GET', '/api/provider/statements', { cookie: cookies.provider });
    expect(res.status).toBe(200);
    // The scan (100 €) and the demo's earlier redemption (50 €).
    expect(res.body.statements).toEqual([
      {
        providerId: expect.any(String),
        providerName: 'Polisportiva Navigli',
        month,
        redeemedCents: 150_00,
        paidCents: 0,
        dueCents: 150_00,
        redemptions: 2,
      },
    ]);
    const csv = await t.call<string>('GET', `/api/provider/statements/${month}/csv`, { cookie: cookies.provider });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace('\ufeff', '').trim().split('\r\n');
    expect(lines[0]).toBe('transfer_id,redeemed_at,amount_eur,booking_id,activity,session_starts_at,recorded_by');
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.includes(',100.00,') && l.includes('Nuoto per ragazzi'))).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('Sport, arte')).toBe('"Sport, arte"');
    expect((await t.call('GET', '/api/provider/statements/2026-13/csv', { cookie: cookies.provider })).status).toBe(400);
  });

  it('lets the city pay what is due once, and the provider sees it paid', async () => {
    const before = await t.call<{ statements: Statement[] }>('GET', `/api/city/statements?month=${month}`, { cookie: cookies.admin });
    const navigli = before.body.statements.find((s) => s.providerName === 'Polisportiva Navigli')!;
    expect(navigli.dueCents).toBe(150_00);
    // A sum other than the one due (the page was old): nothing is paid.
    const stale = await t.call('POST', '/api/city/statements/pay', {
      cookie: cookies.admin,
      body: { providerId: navigli.providerId, month, dueCents: 50_00 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('statement_changed');
    const paid = await t.call('POST', '/api/city/statements/pay', {
      cookie: cookies.admin,
      body: { providerId: navigli.providerId, month, dueCents: 150_00 },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ result: 'ok', statement: { paidCents: 150_00, dueCents: 0 } });
    // Pressed again: nothing more is paid.
    const again = await t.call('POST', '/api/city/statements/pay', {
      cookie: cookies.admin,
      body: { providerId: navigli.providerId, month, dueCents: 150_00 },
    });
    expect(again.body).toMatchObject({ result: 'nothing_due', statement: { paidCents: 150_00 } });
    const [{ n }] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM ledger_transfers WHERE code = 'reimbursement'");
    expect(n).toBe(1);
    expect(
      (await t.call<{ statements: Statement[] }>('GET', '/api/provider/statements', { cookie: cookies.provider })).body.statements[0],
    ).toMatchObject({ paidCents: 150_00, dueCents: 0 });
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: cookies.admin })).body.invariants as { ok: boolean }[];
    expect(invariants.every((c) => c.ok)).toBe(true);
  });

  it('refuses a bad month or provider with a clear message, and a provider cannot see another’s', async () => {
    expect((await t.call('GET', '/api/city/statements?month=2026-1', { cookie: cookies.admin })).body.error.fields[0]).toMatchObject({
      path: 'month',
      code: 'field_month',
    });
    expect(
      (await t.call('POST', '/api/city/statements/pay', { cookie: cookies.admin, body: { providerId: 'x', month, dueCents: 1 } })).status,
    ).toBe(400);
    expect(
      (await t.call('POST', '/api/city/statements/pay', { cookie: cookies.admin, body: { providerId: randomUUID(), month, dueCents: 1 } }))
        .status,
    ).toBe(404);
    expect((await t.call('GET', `/api/city/statements?month=${month}`, { cookie: cookies.provider })).status).toBe(403);
    // A provider's statements are its own: another organisation's redemptions never show.
    const bovisa = await t.signIn('provider@demo.wishmi.test');
    const own = (await t.call<{ statements: Statement[] }>('GET', '/api/provider/statements', { cookie: bovisa })).body.statements;
    expect(own.every((s) => s.providerName === 'Polisportiva Navigli')).toBe(true);
  });

  it('puts a micro-project milestone the hub confirms into the provider’s statement, and shows the project on its home', async () => {
    const hub2 = await t.signIn('hub2@demo.wishmi.test');
    const { rounds } = (await t.call('GET', '/api/hub/rounds', { cookie: hub2 })).body as { rounds: { id: string }[] };
    const projects = (
      await Promise.all(
        rounds.map(async (r) => (await t.call('GET', `/api/hub/rounds/${r.id}/projects`, { cookie: hub2 })).body.projects as Project[]),
      )
    ).flat();
    // The demo's garden at Giambellino: a winner the provider carries out, both milestones still held.
    const garden = projects.find((p) => p.carriedBy.kind === 'provider' && p.delivery)!;
    const due = async () =>
      (await t.call<{ statements: Statement[] }>('GET', '/api/provider/statements', { cookie: cookies.provider })).body.statements.find(
        (s) => s.month === month,
      )!;
    const before = await due();
    const confirmed = await t.call('POST', `/api/hub/projects/${garden.id}/milestones/0/confirm`, {
      cookie: hub2,
      body: { report: 'Cassoni montati, semi piantati con venti ragazzi.' },
    });
    expect(confirmed.status).toBe(200);
    const after = await due();
    const amount = garden.milestones[0].amount;
    expect(after).toEqual({
      ...before,
      redeemedCents: before.redeemedCents + amount,
      dueCents: before.dueCents + amount,
      redemptions: before.redemptions + 1,
    });
    const csv = await t.call<string>('GET', `/api/provider/statements/${month}/csv`, { cookie: cookies.provider });
    expect(csv.body).toContain(`,${(amount / 100).toFixed(2)},,${garden.title.it},`);
    const { overview } = (await t.call('GET', '/api/provider/overview', { cookie: cookies.provider })).body as {
      overview: ProviderOverview;
    };
    expect(overview.projects).toEqual([
      expect.objectContaining({ id: garden.id, cost: garden.cost, paid: amount, held: garden.cost - amount, confirmed: 1, milestones: 2 }),
    ]);
  });
});
