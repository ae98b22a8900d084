import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, kioskCookie, sessionCookie, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { KioskHome, KioskView } from '$shared/kiosk';
import { luhnDigit, type CardView } from '$shared/cards';
import { DEMO_CARDS } from '../seed/demo';

describe.each(ENGINES)('hub kiosks (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let corvetto: string;
  let kiosk: string;
  let sara: CardView;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['hub', 'hub2', 'guardian', 'youth', 'admin']);
    corvetto = (await t.db.query<{ id: string }>("SELECT id FROM hubs WHERE name = 'Hub Corvetto'"))[0].id;
    const saraId = (await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Sara Haddad'"))[0].id;
    sara = (
      await t.call('POST', '/api/household/cards', {
        cookie: people.cookies.guardian,
        body: { person: saraId, hubId: corvetto, pin: '2468' },
      })
    ).body.card;
  });
  afterAll(() => t.close());

  const newCode = async (who = 'hub', name = 'Banco') =>
    (await t.call('POST', '/api/hub/kiosks/enrolments', { cookie: people.cookies[who], body: { name } })).body.enrolment.code as string;
  const withSession = (session: string) => `${kiosk}; ${session}`;

  it('enrols a device with a one-time code: it becomes the hub’s kiosk, listed with when it was last seen', async () => {
    const code = await newCode();
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    const res = await t.call('POST', '/api/kiosk/enrol', { body: { code: `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.kiosk.hub.name).toBe('Hub Corvetto');
    kiosk = kioskCookie(res.headers);
    const again = await t.call('POST', '/api/kiosk/enrol', { body: { code } });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('enrolment_not_found');
    const list = await t.call('GET', '/api/hub/kiosks', { cookie: people.cookies.hub });
    expect(list.body.kiosks.map((k: KioskView) => k.name)).toContain('Banco');
    const other = await t.call('GET', '/api/hub/kiosks', { cookie: people.cookies.hub2 });
    expect(other.body.kiosks.map((k: KioskView) => k.name)).not.toContain('Banco');
  });

  it('refuses an expired or unknown code, and a code that is not one; nothing is enrolled', async () => {
    const before = await count(t.db, 'kiosks');
    const code = await newCode();
    t.clock.advance(16 * 60_000);
    const expired = await t.call('POST', '/api/kiosk/enrol', { body: { code } });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('enrolment_expired');
    expect((await t.call('POST', '/api/kiosk/enrol', { body: { code: 'ZZZZ-ZZZZ' } })).body.error.code).toBe('enrolment_not_found');
    const bad = await t.call('POST', '/api/kiosk/enrol', { body: { code: 'hello' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].code).toBe('field_enrolment_code');
    expect(await count(t.db, 'kiosks')).toBe(before);
  });

  it('shows the idle screen its hub’s page and the place whose check-in code it rotates', async () => {
    const res = await t.call<KioskHome>('GET', '/api/kiosk', { cookie: kiosk });
    expect(res.status).toBe(200);
    expect(res.body.page.hub.name).toBe('Hub Corvetto');
    expect(res.body.place?.kind).toBe('hub');
    expect(res.body.place?.secret.length).toBeGreaterThan(20);
    expect(res.body.kiosk.language).toBe('it');
  });

  it('opens no operator, city or person page with a kiosk credential alone', async () => {
    for (const path of ['/api/hub/overview', '/api/city/hubs', '/api/wallet', '/api/hub/kiosks']) {
      const res = await t.call('GET', path, { cookie: kiosk });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('kiosk_forbidden');
      expect(res.body.error.message).toBe('A kiosk opens kiosk pages only.');
    }
    expect((await t.call('GET', '/api/kiosk', {})).body.error.code).toBe('kiosk_required');
  });

  it('signs a young person in with card and PIN, checks them in with one tap, and forgets them on "done"', async () => {
    const res = await t.call('POST', '/api/kiosk/sign-in', { cookie: kiosk, body: { card: sara.qr, pin: '2468' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.me.name).toBe('Sara Haddad');
    const session = sessionCookie(res.headers);
    // Someone signing in on top of a session still open there ends it.
    const earlier = sessionCookie(
      (await t.call('POST', '/api/kiosk/sign-in', { cookie: kiosk, body: { card: sara.number, pin: '2468' } })).headers,
    );
    await t.call('POST', '/api/kiosk/sign-in', { cookie: withSession(earlier), body: { card: sara.number, pin: '2468' } });
    expect((await t.call('GET', '/api/wallet', { cookie: withSession(earlier) })).status).toBe(403);
    // The idle screen, reloaded (in Sara's language), knows she is still here; someone signed in another way is nobody here.
    expect((await t.call<KioskHome>('GET', '/api/kiosk', { cookie: withSession(session) })).body.person?.name).toBe('Sara Haddad');
    expect((await t.call<KioskHome>('GET', '/api/kiosk', { cookie: `${kiosk}; ${people.cookies.hub}` })).body.person).toBeNull();
    // The demo's workshop at the hub is under way, and Sara has a place at it: checking in marks her present.
    const atWorkshop = async () =>
      (
        await t.db.query<{ attended: boolean }>(
          `SELECT s.attended_at IS NOT NULL AS attended FROM hub_event_signups s JOIN hub_events e ON e.id = s.event_id
            JOIN users u ON u.id = s.user_id WHERE e.title = 'Laboratorio di fumetto' AND u.name = 'Sara Haddad'`,
        )
      )[0]?.attended;
    expect(await atWorkshop()).toBe(false);
    const checkinsBefore = await count(t.db, 'checkins');
    const id = randomUUID();
    const checkin = await t.call('POST', '/api/kiosk/checkin', { cookie: withSession(session), body: { id } });
    expect(checkin.status, JSON.stringify(checkin.body)).toBe(200);
    expect(await count(t.db, 'checkins')).toBe(checkinsBefore + 1);
    const [row] = await t.db.query<{ hub_id: string }>(
      'SELECT p.hub_id FROM checkins c JOIN checkin_places p ON p.id = c.place_id WHERE c.id = $1',
      [id],
    );
    expect(row.hub_id).toBe(corvetto);
    expect(await atWorkshop()).toBe(true);
    const twice = await t.call('POST', '/api/kiosk/checkin', { cookie: withSession(session), body: { id: randomUUID() } });
    expect(twice.body.error.code).toBe('checkin_already');
    // The kiosk's session works on the kiosk only: carried away without the kiosk's credential, it opens nothing.
    expect((await t.call('GET', '/api/wallet', { cookie: session })).status).toBe(401);
    expect((await t.call('GET', '/api/wallet', { cookie: withSession(session) })).status).toBe(200);
    const done = await t.call('POST', '/api/kiosk/done', { cookie: withSession(session), body: {} });
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toMatch(/wishmi_session=;/);
    const after = await t.call('GET', '/api/wallet', { cookie: withSession(session) });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('kiosk_forbidden');
  });

  it('limits PIN guesses across many cards from one kiosk, while the card sign-in keeps its own count', async () => {
    const code = await newCode('hub', 'Guessing');
    const guesser = kioskCookie((await t.call('POST', '/api/kiosk/enrol', { body: { code } })).headers);
    let last = 0;
    for (let i = 0; i < 21; i++) {
      // Twelve digits with a valid check digit, none of them a real card.
      const number = `5${String(i).padStart(10, '0')}`;
      const check = luhnDigit(number);
      last = (await t.call('POST', '/api/kiosk/sign-in', { cookie: guesser, body: { card: number + check, pin: '0000' } })).status;
    }
    expect(last).toBe(429);
    // Another kiosk still serves Sara.
    expect((await t.call('POST', '/api/kiosk/sign-in', { cookie: kiosk, body: { card: sara.number, pin: '2468' } })).status).toBe(200);
  });

  it('refuses a check-in by a person signed in elsewhere, and a kiosk of another hub cannot be revoked from here', async () => {
    // A session opened elsewhere (a phone's) is no one at the kiosk: its browser carries no other session.
    const phone = await t.call('POST', '/api/kiosk/checkin', { cookie: `${kiosk}; ${people.cookies.youth}`, body: { id: randomUUID() } });
    expect(phone.status).toBe(403);
    expect(phone.body.error.code).toBe('kiosk_forbidden');
    const mine: KioskView = (await t.call('GET', '/api/hub/kiosks', { cookie: people.cookies.hub })).body.kiosks[0];
    const foreign = await t.call('POST', `/api/hub/kiosks/${mine.id}/revoke`, { cookie: people.cookies.hub2, body: {} });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('kiosk_not_found');
  });

  it('takes check-ins a kiosk queued with no network: a young person’s card valid then, at a believable time, never backdated', async () => {
    const code = await newCode('hub', 'Offline');
    const offline = kioskCookie((await t.call('POST', '/api/kiosk/enrol', { body: { code } })).headers);
    // An hour later, the hub's connection drops.
    t.clock.advance(60 * 60_000);
    const [, yusuf, karima] = DEMO_CARDS;
    const now = t.clock.now().getTime();
    const minutesAgo = (n: number) => new Date(now - n * 60_000).toISOString();
    const ids = Array.from({ length: 5 }, () => randomUUID());
    const send = (checkins: unknown[]) => t.call('POST', '/api/kiosk/checkins', { cookie: offline, body: { checkins } });
    const res = await send([
      { id: ids[0], card: yusuf.number, at: minutesAgo(30) },
      // A guardian's card and a number no card has answer alike: the kiosk learns nothing of which numbers exist.
      { id: ids[1], card: karima.number, at: minutesAgo(30) },
      { id: ids[2], card: `50000000000${luhnDigit('50000000000')}`, at: minutesAgo(30) },
      { id: ids[3], card: yusuf.number, at: new Date(now + 60 * 60_000).toISOString() },
      // Before the kiosk was enrolled: it cannot have seen anyone then.
      { id: ids[4], card: yusuf.number, at: minutesAgo(90) },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'card_not_valid_then',
      'card_not_valid_then',
      'checkin_future',
      'checkin_backdated',
    ]);
    expect(res.body.results[1].message).toBe('This card did not work at the time of the check-in (not issued yet, or already ended).');
    const [row] = await t.db.query<{ hub_id: string; kiosk_id: string; card_id: string; at: Date }>(
      'SELECT p.hub_id, c.kiosk_id, c.card_id, c.at FROM checkins c JOIN checkin_places p ON p.id = c.place_id WHERE c.id = $1',
      [ids[0]],
    );
    expect(row.hub_id).toBe(corvetto);
    expect(row.kiosk_id).not.toBeNull();
    expect(row.card_id).not.toBeNull();
    expect(row.at.toISOString()).toBe(minutesAgo(30));
    // The next upload may not claim a time before the latest check-in taken; one after it counts (another day's is paid again).
    const later = await send([
      { id: randomUUID(), card: yusuf.number, at: minutesAgo(40) },
      { id: randomUUID(), card: yusuf.number, at: minutesAgo(20) },
    ]);
    expect(later.body.results.map((r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code))).toEqual([
      'checkin_backdated',
      'checkin_already',
    ]);
    // Nothing a bad request names is taken, and a date JavaScript cannot read is refused as such.
    const before = await count(t.db, 'checkins');
    const bad = await send([
      { id: 'x', card: 'nope', at: 'yesterday' },
      { id: randomUUID(), card: yusuf.number, at: '2026-11-25T10:00:00+05' },
    ]);
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error.fields.map((f: { path: string }) => f.path))].sort()).toEqual([
      'checkins.0.at',
      'checkins.0.card',
      'checkins.0.id',
      'checkins.1.at',
    ]);
    expect(await count(t.db, 'checkins')).toBe(before);
    expect((await t.call('POST', '/api/kiosk/checkins', { body: { checkins: [] } })).body.error.code).toBe('kiosk_required');
  });

  it('revokes a kiosk on the hub page: its credential and the sessions opened on it stop at once', async () => {
    const session = sessionCookie(
      (await t.call('POST', '/api/kiosk/sign-in', { cookie: kiosk, body: { card: sara.number, pin: '2468' } })).headers,
    );
    const id = (await t.call('GET', '/api/hub/kiosks', { cookie: people.cookies.hub })).body.kiosks.find(
      (k: KioskView) => k.name === 'Banco',
    ).id;
    const revoked = await t.call('POST', `/api/hub/kiosks/${id}/revoke`, { cookie: people.cookies.hub, body: {} });
    expect(revoked.status).toBe(200);
    const home = await t.call('GET', '/api/kiosk', { cookie: kiosk });
    expect(home.status).toBe(401);
    expect(home.body.error.code).toBe('kiosk_revoked');
    expect((await t.call('GET', '/api/wallet', { cookie: withSession(session) })).status).toBe(403);
    const signIn = await t.call('POST', '/api/kiosk/sign-in', { cookie: kiosk, body: { card: sara.number, pin: '2468' } });
    expect(signIn.body.error.code).toBe('kiosk_revoked');
    expect((await t.call('POST', `/api/hub/kiosks/${id}/revoke`, { cookie: people.cookies.hub, body: {} })).body.error.code).toBe(
      'kiosk_not_found',
    );
  });
});
