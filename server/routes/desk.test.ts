import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, sessionCookie, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import { Device } from '../../tests/support/device';
import { DEMO_CARDS } from '../seed/demo';
import type { DeskFamily } from '$shared/cards';
import type { AssistedAction } from '$shared/assist';

/** The operator's own session, kept aside while they help a family (its cookie, as the browser sends it to /api/assist). */
function operatorCookie(headers: Headers): string {
  const match = /wishmi_operator=([^;]*)/.exec(headers.get('set-cookie') ?? '');
  if (!match) throw new Error('No operator cookie');
  return `wishmi_operator=${match[1]}`;
}

describe.each(ENGINES)("the hub's desk (%s)", (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  const [, yusuf, karima] = DEMO_CARDS;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['hub', 'guardian', 'guardian2', 'guardian3']);
  });
  afterAll(() => t.close());

  const desk = (method: string, path: string, body?: unknown) =>
    t.call(method, `/api/hub/desk${path}`, { cookie: people.cookies.hub, body });
  const history = async (who: string) =>
    (await t.call('GET', '/api/assist/history', { cookie: people.cookies[who] })).body.actions as AssistedAction[];

  it('finds a family by its guardian’s email, with who may hold a card and the cards they hold', async () => {
    const res = await desk('GET', '/families?email=Guardian3@demo.wishmi.test');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const family: DeskFamily = res.body.family;
    expect(family.guardian).toEqual({ name: 'Karima El Idrissi', language: 'ar' });
    expect(family.people).toEqual([
      { person: 'guardian', name: 'Karima El Idrissi', mayHold: true, card: karima.number.slice(-4) },
      { person: expect.any(String), name: 'Yusuf El Idrissi', mayHold: true, card: yusuf.number.slice(-4) },
    ]);
    const unknown = await desk('GET', '/families?email=nobody@example.org');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('family_not_found');
  });

  it('issues a card at the desk only once the operator checked who the person is; the family sees it in its history', async () => {
    const family: DeskFamily = (await desk('GET', '/families?email=guardian2@demo.wishmi.test')).body.family;
    const marco = family.people.find((p) => p.name === 'Marco Bianchi')!;
    const before = await count(t.db, 'cards');
    const unchecked = await desk('POST', '/cards', {
      email: 'guardian2@demo.wishmi.test',
      person: marco.person,
      pin: '1234',
      identityChecked: false,
    });
    expect(unchecked.status).toBe(400);
    expect(unchecked.body.error.fields[0]).toMatchObject({ path: 'identityChecked', code: 'field_identity_checked' });
    expect(await count(t.db, 'cards')).toBe(before);
    const res = await desk('POST', '/cards', {
      email: 'guardian2@demo.wishmi.test',
      person: marco.person,
      pin: '1234',
      identityChecked: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.card).toMatchObject({ holder: 'Marco Bianchi', hub: { name: 'Hub Corvetto' } });
    expect((await t.call('POST', '/api/auth/card', { body: { card: res.body.card.number, pin: '1234' } })).status).toBe(200);
    expect(await history('guardian2')).toEqual([
      expect.objectContaining({ action: 'card.issue', operator: 'Davide Colombo', hubName: 'Hub Corvetto' }),
    ]);
  });

  it('helps a family that hands over its card and PIN: acts for it, records each change as the operator’s, and gives the operator back their session', async () => {
    const res = await desk('POST', '/assist', { card: karima.number, pin: karima.pin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.me.name).toBe('Karima El Idrissi');
    const family = sessionCookie(res.headers);
    const kept = operatorCookie(res.headers);
    const session = await t.call('GET', '/api/auth/session', { cookie: family });
    expect(session.body.assist).toEqual({ operator: { name: 'Davide Colombo', language: 'it' }, hubName: 'Hub Corvetto' });

    // A child added at the desk, through the same change a phone would send.
    const device = new Device();
    const karimaId = session.body.me.id;
    const push = await t.call('POST', '/api/sync/push', {
      cookie: family,
      body: {
        userId: karimaId,
        clientId: device.clientId,
        mutations: [
          device.mutation('household.addMinor', { id: randomUUID(), name: 'Nour El Idrissi', birthDate: '2014-02-02', disability: false }),
        ],
      },
    });
    expect(push.body.results[0].status, JSON.stringify(push.body)).toBe('applied');
    expect((await history('guardian3'))[0]).toMatchObject({ action: 'household.addMinor', operator: 'Davide Colombo' });
    // A change through a route of its own is recorded too: a card for Nour, just added.
    const nourId = (await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Nour El Idrissi'"))[0].id;
    const corvetto = (await t.db.query<{ id: string }>("SELECT id FROM hubs WHERE name = 'Hub Corvetto'"))[0].id;
    const issued = await t.call('POST', '/api/household/cards', {
      cookie: family,
      body: { person: nourId, hubId: corvetto, pin: '1357' },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect((await history('guardian3'))[0]).toMatchObject({ action: 'card.issue', operator: 'Davide Colombo' });

    const end = await t.call('POST', '/api/assist/end', { cookie: `${family}; ${kept}`, body: {} });
    expect(end.status).toBe(200);
    expect(end.body.operatorBack).toBe(true);
    expect((await t.call('GET', '/api/me', { cookie: family })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { cookie: sessionCookie(end.headers) })).body.me.name).toBe('Davide Colombo');
  });

  it('gives the operator back their session even when the help ran out by itself', async () => {
    const res = await desk('POST', '/assist', { card: karima.number, pin: karima.pin });
    const family = sessionCookie(res.headers);
    const kept = operatorCookie(res.headers);
    t.clock.advance(31 * 60_000);
    expect((await t.call('GET', '/api/me', { cookie: family })).status).toBe(401);
    const end = await t.call('POST', '/api/assist/end', { cookie: `${family}; ${kept}`, body: {} });
    expect(end.status, JSON.stringify(end.body)).toBe(200);
    expect(end.body.operatorBack).toBe(true);
    expect((await t.call('GET', '/api/me', { cookie: sessionCookie(end.headers) })).body.me.name).toBe('Davide Colombo');
  });

  it("refuses a young person's card, a wrong PIN, and ending help that is not", async () => {
    const youth = await desk('POST', '/assist', { card: yusuf.number, pin: yusuf.pin });
    expect(youth.status).toBe(409);
    expect(youth.body.error.code).toBe('assist_needs_guardian');
    expect((await desk('POST', '/assist', { card: karima.number, pin: '0000' })).body.error.code).toBe('card_pin_wrong');
    const notHelped = await t.call('POST', '/api/assist/end', { cookie: people.cookies.guardian, body: {} });
    expect(notHelped.status, JSON.stringify(notHelped.body)).toBe(409);
    expect(notHelped.body.error.code).toBe('assist_not_active');
  });
});
