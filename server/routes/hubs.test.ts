import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { CityHub, HubInput, HubPage, HubStaff, PublicHub } from '$shared/hubs';
import { sessionCookie } from '../../tests/support/app';

/** A hub the city opens in Quarto Oggiaro (municipio 8): our example, not one of the programme's. */
const quartoOggiaro: HubInput = {
  name: 'Hub Quarto Oggiaro',
  address: 'Via Carlo Amoretti 30, Milano',
  municipio: 8,
  lat: 45.5138,
  lon: 9.1372,
  hours: [
    { day: 2, opens: '15:00', closes: '19:00' },
    { day: 4, opens: '15:00', closes: '19:00' },
    { day: 6, opens: '10:00', closes: '13:00' },
  ],
  languages: ['it', 'ar', 'es'],
  accessibility: ['step_free', 'accessible_toilet'],
};

describe.each(ENGINES)('hubs as the city runs them (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['admin', 'hub', 'youth']);
  });
  afterAll(() => t.close());

  const asAdmin = (method: string, path: string, body?: unknown) => t.call(method, path, { cookie: people.cookies.admin, body });
  const rows = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: number }>(sql, params))[0].n);
  const audits = (action: string, id: string) =>
    rows('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND object_id = $2', [action, id]);

  it('opens a hub that anyone can then find, with its hours, languages and the activities near it', async () => {
    const opened = await asAdmin('POST', '/api/city/hubs', quartoOggiaro);
    expect(opened.status).toBe(201);
    const hub = opened.body.hub as CityHub;
    expect(hub).toMatchObject({ ...quartoOggiaro, closedAt: null, operators: 0 });
    expect(await audits('open_hub', hub.id)).toBe(1);

    // Without signing in.
    const list = await t.call<{ hubs: PublicHub[] }>('GET', '/api/hubs');
    expect(list.status).toBe(200);
    expect(list.body.hubs.find((h) => h.id === hub.id)).toEqual({ id: hub.id, ...quartoOggiaro });
    const page = await t.call<HubPage>('GET', `/api/hubs/${hub.id}`);
    expect(page.status).toBe(200);
    expect(page.body.hub).toEqual({ id: hub.id, ...quartoOggiaro });
    // Every activity listed is published, within reach, and closest first.
    const distances = page.body.nearby.map((o) => o.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((d) => d <= 2)).toBe(true);
  });

  it("lists the activities near a demo hub, the demo's own included", async () => {
    const corvetto = (await t.call<{ hubs: PublicHub[] }>('GET', '/api/hubs')).body.hubs.find((h) => h.name === 'Hub Corvetto')!;
    const page = await t.call<HubPage>('GET', `/api/hubs/${corvetto.id}`);
    expect(page.body.hub.hours.length).toBeGreaterThan(0);
    expect(page.body.nearby.length).toBeGreaterThan(0);
    expect(page.body.nearby[0]).toMatchObject({
      title: expect.any(Object),
      providerName: expect.any(String),
      distanceKm: expect.any(Number),
    });
  });

  it('changes a hub, and closes it: its history stays, its check-ins and its page stop', async () => {
    const { hub } = (await asAdmin('POST', '/api/city/hubs', { ...quartoOggiaro, name: 'Hub Bovisa' })).body as { hub: CityHub };
    const changed = await asAdmin('PUT', `/api/city/hubs/${hub.id}`, {
      ...quartoOggiaro,
      name: 'Hub Bovisa Nord',
      languages: ['it', 'zh'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.hub).toMatchObject({ name: 'Hub Bovisa Nord', languages: ['it', 'zh'] });
    expect(await audits('update_hub', hub.id)).toBe(1);

    const closed = await asAdmin('POST', `/api/city/hubs/${hub.id}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.hub.closedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(await audits('close_hub', hub.id)).toBe(1);

    // Gone from the public, kept for the city.
    expect((await t.call<{ hubs: PublicHub[] }>('GET', '/api/hubs')).body.hubs.map((h) => h.id)).not.toContain(hub.id);
    const gone = await t.call('GET', `/api/hubs/${hub.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('hub_not_found');
    const cityList = (await asAdmin('GET', '/api/city/hubs')).body.hubs as CityHub[];
    expect(cityList.find((h) => h.id === hub.id)).toMatchObject({ name: 'Hub Bovisa Nord', closedAt: '2026-11-25T10:00:00.000Z' });
    expect(cityList.at(-1)!.closedAt).not.toBeNull();

    // A closed hub is not changed, nor closed again: clear refusals, nothing written.
    for (const [method, path, body] of [
      ['PUT', `/api/city/hubs/${hub.id}`, quartoOggiaro],
      ['POST', `/api/city/hubs/${hub.id}/close`, {}],
    ] as const) {
      const refused = await asAdmin(method, path, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'hub_closed', message: expect.stringMatching(/closed/i) });
    }
    expect((await asAdmin('GET', `/api/city/hubs/${hub.id}`)).body.hub.name).toBe('Hub Bovisa Nord');
    expect(await audits('update_hub', hub.id)).toBe(1);
  });

  it("stops a closed hub's check-in code: its operator's screen shows no place, a youth's scan opens nothing", async () => {
    const hubId = (await t.call('GET', '/api/me', { cookie: people.cookies.hub })).body.me.hub.id as string;
    const places = async () => (await t.call('GET', '/api/checkin/places', { cookie: people.cookies.hub })).body.places as unknown[];
    expect(await places()).toHaveLength(1);
    const before = await rows('SELECT count(*)::int AS n FROM checkin_places WHERE hub_id = $1', [hubId]);
    expect((await asAdmin('POST', `/api/city/hubs/${hubId}/close`, {})).status).toBe(200);
    expect(await places()).toEqual([]);
    // The operator's home says so.
    expect((await t.call('GET', '/api/hub/overview', { cookie: people.cookies.hub })).body.overview.closedAt).toBe(
      '2026-11-25T10:00:00.000Z',
    );
    // The place and its history stay.
    expect(await rows('SELECT count(*)::int AS n FROM checkin_places WHERE hub_id = $1', [hubId])).toBe(before);
    const code = (await t.db.query<{ code: string }>('SELECT code FROM checkin_places WHERE hub_id = $1', [hubId]))[0].code;
    const scan = await people.push('youth', 'checkin.create', { id: randomUUID(), code: `${code}000000` });
    expect(scan.body.results[0]).toMatchObject({ status: 'rejected', code: 'checkin_code_invalid' });
  });

  it('refuses a bad hub with the field to fix, and changes nothing', async () => {
    const hubs = await count(t.db, 'hubs');
    const bad = await asAdmin('POST', '/api/city/hubs', {
      ...quartoOggiaro,
      lat: 41.9,
      hours: [{ day: 2, opens: '19:00', closes: '15:00' }],
      languages: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['hours.0.closes', 'languages', 'lat']);
    expect(bad.body.error.fields.find((f: { path: string }) => f.path === 'hours.0.closes').message).toMatch(/clos/i);
    expect((await asAdmin('PUT', '/api/city/hubs/not-a-hub', quartoOggiaro)).status).toBe(400);
    const unknown = await asAdmin('PUT', '/api/city/hubs/00000000-0000-4000-8000-000000000000', quartoOggiaro);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('hub_not_found');
    expect(await count(t.db, 'hubs')).toBe(hubs);
  });

  describe('operators', () => {
    const newHub = async (name: string) =>
      ((await asAdmin('POST', '/api/city/hubs', { ...quartoOggiaro, name })).body as { hub: CityHub }).hub;
    const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('token')!;
    const accept = (token: string, body: unknown = { password: 'una password lunga', language: 'ar' }) =>
      t.call('POST', `/api/invitations/${token}/accept`, { body });

    it('invites someone, who opens the link, chooses a password, and works at the hub; then the city removes them', async () => {
      const hub = await newHub('Hub Niguarda');
      const invited = await asAdmin('POST', `/api/city/hubs/${hub.id}/operators`, {
        name: 'Marta Rossi',
        email: 'Marta.Rossi@Example.org',
      });
      expect(invited.status).toBe(201);
      expect(invited.body.expiresAt).toBe('2026-12-02T10:00:00.000Z');
      const token = tokenOf(invited.body.path);
      // Only the hash is kept: the link's secret is nowhere in the database.
      expect(await rows('SELECT count(*)::int AS n FROM hub_invitations WHERE token_hash = $1', [token])).toBe(0);
      const staff = (await asAdmin('GET', `/api/city/hubs/${hub.id}/operators`)).body as HubStaff;
      expect(staff).toEqual({
        operators: [],
        invitations: [
          expect.objectContaining({ name: 'Marta Rossi', email: 'marta.rossi@example.org', expiresAt: '2026-12-02T10:00:00.000Z' }),
        ],
      });

      // The link, opened by anyone holding it.
      const opened = await t.call('GET', `/api/invitations/${token}`);
      expect(opened.status).toBe(200);
      expect(opened.body.invitation).toEqual({
        hubName: 'Hub Niguarda',
        name: 'Marta Rossi',
        email: 'marta.rossi@example.org',
        expiresAt: '2026-12-02T10:00:00.000Z',
      });
      const weak = await accept(token, { password: 'corta', language: 'it' });
      expect(weak.status).toBe(400);
      const joined = await accept(token);
      expect(joined.status).toBe(201);
      expect(joined.body.me).toMatchObject({
        role: 'hub_operator',
        name: 'Marta Rossi',
        language: 'ar',
        hub: { id: hub.id, name: 'Hub Niguarda' },
      });
      const marta = sessionCookie(joined.headers);
      expect((await t.call('GET', '/api/checkin/places', { cookie: marta })).status).toBe(200);
      // A link answers once.
      expect((await accept(token)).body.error.code).toBe('invitation_not_found');
      const after = (await asAdmin('GET', `/api/city/hubs/${hub.id}/operators`)).body as HubStaff;
      expect(after.invitations).toEqual([]);
      expect(after.operators).toEqual([expect.objectContaining({ name: 'Marta Rossi', email: 'marta.rossi@example.org' })]);
      expect((await asAdmin('GET', `/api/city/hubs/${hub.id}`)).body.hub.operators).toBe(1);

      // Removed: signed out at once, and the password opens nothing.
      const userId = after.operators[0].id;
      const removed = await asAdmin('DELETE', `/api/city/hubs/${hub.id}/operators/${userId}`);
      expect(removed.status).toBe(200);
      expect((await t.call('GET', '/api/checkin/places', { cookie: marta })).status).toBe(401);
      const login = await t.call('POST', '/api/auth/login', { body: { email: 'marta.rossi@example.org', password: 'una password lunga' } });
      expect(login.status).toBe(401);
      expect((await asAdmin('GET', `/api/city/hubs/${hub.id}/operators`)).body.operators).toEqual([]);
      expect(await audits('remove_operator', hub.id)).toBe(1);
      expect((await asAdmin('DELETE', `/api/city/hubs/${hub.id}/operators/${userId}`)).body.error.code).toBe('operator_not_found');

      // Invited again, to another hub: the same person comes back, with a new password.
      const other = await newHub('Hub Affori');
      const again = await asAdmin('POST', `/api/city/hubs/${other.id}/operators`, {
        name: 'Marta Rossi',
        email: 'marta.rossi@example.org',
      });
      const back = await accept(tokenOf(again.body.path), { password: 'un’altra password', language: 'it' });
      expect(back.status).toBe(201);
      expect(back.body.me).toMatchObject({ id: userId, hub: { id: other.id } });
    });

    it('refuses links that are unknown, withdrawn, expired, or of a hub that closed, and invitations nobody should get', async () => {
      const hub = await newHub('Hub Lambrate');
      const invite = async (email: string) =>
        tokenOf((await asAdmin('POST', `/api/city/hubs/${hub.id}/operators`, { name: 'Luca Bruni', email })).body.path);

      const unknown = await t.call('GET', `/api/invitations/${'A'.repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ code: 'invitation_not_found', message: expect.any(String) });
      expect((await t.call('GET', '/api/invitations/short')).status).toBe(400);

      // A new invitation to the same person replaces the one before.
      const first = await invite('luca@example.org');
      const second = await invite('luca@example.org');
      expect((await t.call('GET', `/api/invitations/${first}`)).status).toBe(404);
      const staff = (await asAdmin('GET', `/api/city/hubs/${hub.id}/operators`)).body as HubStaff;
      expect(staff.invitations).toHaveLength(1);
      expect((await asAdmin('DELETE', `/api/city/hubs/${hub.id}/invitations/${staff.invitations[0].id}`)).status).toBe(200);
      expect((await t.call('GET', `/api/invitations/${second}`)).status).toBe(404);
      expect((await asAdmin('DELETE', `/api/city/hubs/${hub.id}/invitations/${staff.invitations[0].id}`)).body.error.code).toBe(
        'invitation_not_found',
      );

      // Seven days, then the link is too old.
      const late = await invite('late@example.org');
      t.clock.advance(8 * 24 * 60 * 60 * 1000);
      const expired = await accept(late);
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe('invitation_expired');

      // Someone who can already sign in is not invited; nor is anyone to a closed hub, and its links stop.
      const taken = await asAdmin('POST', `/api/city/hubs/${hub.id}/operators`, { name: 'Davide', email: 'hub@demo.wishmi.test' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('email_taken');
      const pending = await invite('pending@example.org');
      await asAdmin('POST', `/api/city/hubs/${hub.id}/close`, {});
      expect((await accept(pending)).body.error.code).toBe('invitation_not_found');
      const closed = await asAdmin('POST', `/api/city/hubs/${hub.id}/operators`, { name: 'Luca Bruni', email: 'luca@example.org' });
      expect(closed.body.error.code).toBe('hub_closed');
      expect(await rows("SELECT count(*)::int AS n FROM users WHERE email LIKE '%@example.org' AND hub_id = $1", [hub.id])).toBe(0);
    });
  });
});
