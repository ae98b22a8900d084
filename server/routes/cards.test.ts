import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, sessionCookie, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import { parseCardNumber, parseCardQr, type CardView } from '$shared/cards';
import { DEMO_CARDS } from '../seed/demo';

describe.each(ENGINES)('person cards (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let corvetto: string;
  let minors: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'guardian3', 'youth']);
    corvetto = (await t.db.query<{ id: string }>("SELECT id FROM hubs WHERE name = 'Hub Corvetto'"))[0].id;
    minors = Object.fromEntries(
      (await t.db.query<{ id: string; name: string }>('SELECT id, name FROM minors')).map((m) => [m.name.split(' ')[0], m.id]),
    );
  });
  afterAll(() => t.close());

  const issue = (who: string, person: string, pin: string) =>
    t.call('POST', '/api/household/cards', { cookie: people.cookies[who], body: { person, hubId: corvetto, pin } });
  const signIn = (card: string, pin: string, headers: Record<string, string> = {}) =>
    t.call('POST', '/api/auth/card', { body: { card, pin }, headers });

  let yusufCard: CardView;

  it.each(DEMO_CARDS)("signs $name in with the demo card and the README's PIN", async ({ name, number, pin }) => {
    const res = await signIn(number, pin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.me.name).toBe(name);
  });

  it("issues a 13-year-old's card with the guardian's consent: a sign-in with no email, welcome credits, no personal data in the QR", async () => {
    const res = await issue('guardian3', minors.Yusuf, '1357');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    yusufCard = res.body.card;
    expect(parseCardNumber(yusufCard.number)).toBe(yusufCard.number);
    expect(yusufCard.hub.name).toBe('Hub Corvetto');
    expect(yusufCard.holder).toBe('Yusuf El Idrissi');
    const qr = parseCardQr(yusufCard.qr)!;
    expect(qr.cardId).toBe(yusufCard.id);
    expect(yusufCard.qr).not.toMatch(/Yusuf|El Idrissi|2013/);
    const [user] = await t.db.query<{ email: string | null; password_hash: string | null; role: string }>(
      'SELECT u.email, u.password_hash, u.role FROM users u JOIN minors m ON m.user_id = u.id WHERE m.id = $1',
      [minors.Yusuf],
    );
    expect(user).toEqual({ email: null, password_hash: null, role: 'youth' });
    const [consent] = await t.db.query<{ details: { consent?: string } }>(
      "SELECT details FROM audit_log WHERE action = 'issue_card' AND object_id = $1",
      [yusufCard.id],
    );
    expect(consent.details.consent).toBe('guardian');
    const list = await t.call('GET', '/api/household/cards', { cookie: people.cookies.guardian3 });
    expect(list.body.cards.map((c: CardView) => c.id)).toContain(yusufCard.id);
  });

  it('signs the child in on any phone with the number (typed with spaces) or the QR, and the PIN', async () => {
    const typed = yusufCard.number.replace(/(\d{4})/g, '$1 ').trim();
    const res = await signIn(typed, '1357');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.me).toMatchObject({ name: 'Yusuf El Idrissi', role: 'youth', email: null });
    const cookie = sessionCookie(res.headers);
    const wallet = await t.call('GET', '/api/wallet', { cookie });
    expect(wallet.status).toBe(200);
    expect((await signIn(yusufCard.qr, '1357')).status).toBe(200);
  });

  it('refuses a forged QR, an unknown number and a wrong PIN, each with its reason', async () => {
    const qr = yusufCard.qr;
    const forged = qr.slice(0, -3) + (qr.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await signIn(forged, '1357')).body.error.code).toBe('card_invalid');
    const unknown = await signIn('0000 0000 0000', '1357');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('card_pin_wrong');
    const wrong = await signIn(yusufCard.number, '9999');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('card_pin_wrong');
    expect(wrong.body.error.message).toBe('Wrong card number or PIN.');
    const bad = await signIn('12', '12');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['card', 'pin']);
  });

  it('makes a card wait after five wrong PINs, even for the right one, while other cards keep working', async () => {
    const res = await issue('guardian', 'me', '8642');
    const amina: CardView = res.body.card;
    for (let i = 0; i < 5; i++) expect((await signIn(amina.number, '0000')).body.error.code).toBe('card_pin_wrong');
    const locked = await signIn(amina.number, '8642');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('card_locked');
    expect(locked.headers.get('retry-after')).toBe('900');
    expect((await signIn(yusufCard.number, '1357')).status).toBe(200);
    t.clock.advance(16 * 60_000);
    expect((await signIn(amina.number, '8642')).status).toBe(200);
  });

  it('stops a card reported lost everywhere at once, and a replacement works with a new number', async () => {
    const session = sessionCookie((await signIn(yusufCard.number, '1357')).headers);
    const lost = await t.call('POST', `/api/household/cards/${yusufCard.id}/end`, {
      cookie: people.cookies.guardian3,
      body: { reason: 'lost' },
    });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    expect(lost.body.card.ended.reason).toBe('lost');
    expect((await t.call('GET', '/api/me', { cookie: session })).status).toBe(401);
    const ended = await signIn(yusufCard.number, '1357');
    expect(ended.status).toBe(403);
    expect(ended.body.error.code).toBe('card_ended');
    const again = await t.call('POST', `/api/household/cards/${yusufCard.id}/end`, {
      cookie: people.cookies.guardian3,
      body: { reason: 'revoked' },
    });
    expect(again.body.error.code).toBe('card_ended');
    const replacement: CardView = (await issue('guardian3', minors.Yusuf, '2468')).body.card;
    expect(replacement.number).not.toBe(yusufCard.number);
    // Still one sign-in for Yusuf: the replacement is his, not a new person.
    const again2 = await signIn(replacement.qr, '2468');
    expect(again2.status).toBe(200);
    expect(again2.body.me.id).toBe(yusufCard.userId);
  });

  it('changes a PIN: the old one stops working, and so does every session it opened', async () => {
    const card: CardView = (await t.call('GET', '/api/household/cards', { cookie: people.cookies.guardian3 })).body.cards.find(
      (c: CardView) => !c.ended,
    );
    // Someone who learned the old PIN and signed in with it is signed out by the change.
    const learned = sessionCookie((await signIn(card.number, '2468')).headers);
    const changed = await t.call('PUT', `/api/household/cards/${card.id}/pin`, {
      cookie: people.cookies.guardian3,
      body: { pin: '975310' },
    });
    expect(changed.status).toBe(200);
    expect((await t.call('GET', '/api/me', { cookie: learned })).status).toBe(401);
    expect((await signIn(card.number, '2468')).status).toBe(401);
    expect((await signIn(card.number, '975310')).status).toBe(200);
  });

  it('lets a child who played with a card alone get their own sign-in at 14, keeping who they are', async () => {
    const added = await t.call('POST', '/api/household/minors', {
      cookie: people.cookies.guardian3,
      body: { name: 'Ines El Idrissi', birthDate: '2011-01-15', disability: false },
    });
    expect(added.status).toBe(201);
    const card: CardView = (await issue('guardian3', added.body.minor.id, '4455')).body.card;
    const res = await t.call('POST', `/api/household/minors/${added.body.minor.id}/sign-in`, {
      cookie: people.cookies.guardian3,
      body: { email: 'ines@example.org', password: 'una password lunga' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.minor.email).toBe('ines@example.org');
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'ines@example.org', password: 'una password lunga' } });
    expect(login.body.me.id).toBe(card.userId);
    expect((await signIn(card.number, '4455')).body.me.id).toBe(card.userId);
    // Yusuf, 13, plays with his card until he is 14.
    const yusuf = await t.call('POST', `/api/household/minors/${minors.Yusuf}/sign-in`, {
      cookie: people.cookies.guardian3,
      body: { email: 'yusuf@example.org', password: 'una password lunga' },
    });
    expect(yusuf.body.error.code).toBe('minor_too_young_for_sign_in');
  });

  it("refuses a child under 11, another household's child or card, and a youth issuing cards; nothing changes", async () => {
    const before = await count(t.db, 'cards');
    const omar = await issue('guardian', minors.Omar, '1234');
    expect(omar.status).toBe(409);
    expect(omar.body.error.code).toBe('card_too_young');
    expect((await issue('guardian', minors.Yusuf, '1234')).body.error.code).toBe('minor_not_found');
    const theirs: CardView = (await t.call('GET', '/api/household/cards', { cookie: people.cookies.guardian3 })).body.cards[0];
    const foreign = await t.call('POST', `/api/household/cards/${theirs.id}/end`, {
      cookie: people.cookies.guardian,
      body: { reason: 'lost' },
    });
    expect(foreign.body.error.code).toBe('card_not_found');
    expect((await issue('youth', 'me', '1234')).status).toBe(403);
    const badPin = await issue('guardian', 'me', '12a4');
    expect(badPin.status).toBe(400);
    expect(badPin.body.error.fields[0]).toMatchObject({ path: 'pin', code: 'field_pin' });
    expect(await count(t.db, 'cards')).toBe(before);
  });
});
