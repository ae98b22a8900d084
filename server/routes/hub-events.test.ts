import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { HubEventInput, ManagedEvent } from '$shared/hub-events';
import type { HubPage } from '$shared/hubs';
import { DEMO_CARDS } from '../seed/demo';
import { cardNumberFrom } from '$shared/cards';

/** A co-design meeting at Hub Corvetto, the day after the tests' clock, for three people: our example. */
const meeting: HubEventInput = {
  title: 'Co-progettiamo il cortile',
  description: 'Idee per il micro-progetto del cortile.',
  kind: 'codesign',
  startsAt: '2026-11-26T16:00:00.000Z',
  endsAt: '2026-11-26T18:00:00.000Z',
  capacity: 2,
  languages: ['it', 'ar'],
  roundId: null,
  projectId: null,
};

describe.each(ENGINES)("a hub's events (%s)", (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let hubId: string;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['hub', 'youth', 'guardian', 'guardian2', 'admin']);
    hubId = (await t.call('GET', '/api/me', { cookie: people.cookies.hub })).body.me.hub.id;
  });
  afterAll(() => t.close());

  const as = (who: string, method: string, path: string, body?: unknown) =>
    t.call(method, path, { cookie: who ? people.cookies[who] : null, body });
  const publish = async (input: HubEventInput = meeting) => {
    const published = await as('hub', 'POST', '/api/hub/events', input);
    expect(published.status).toBe(201);
    return published.body.id as string;
  };
  const signup = (who: string, eventId: string) => as(who, 'POST', `/api/hubs/${hubId}/events/${eventId}/signup`, {});
  const managed = async (eventId: string) =>
    ((await as('hub', 'GET', '/api/hub/events')).body.events as ManagedEvent[]).find((e) => e.id === eventId)!;

  it('publishes an event that the hub page shows; places are taken up to the capacity, once each, and given back', async () => {
    const id = await publish();
    const page = (await t.call<HubPage>('GET', `/api/hubs/${hubId}`)).body;
    expect(page.events.find((e) => e.id === id)).toMatchObject({ ...meeting, taken: 0, mine: false });

    expect((await signup('youth', id)).status).toBe(200);
    expect((await signup('youth', id)).status).toBe(200);
    expect((await signup('guardian', id)).status).toBe(200);
    const full = await signup('guardian2', id);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('event_full');
    // Already in: no "full" for them.
    expect((await signup('youth', id)).status).toBe(200);

    const mine = (await as('youth', 'GET', `/api/hubs/${hubId}`)).body as HubPage;
    expect(mine.events.find((e) => e.id === id)).toMatchObject({ taken: 2, mine: true });
    expect((await managed(id)).signups.map((s) => s.name).sort()).toEqual(['Amina Haddad', 'Sara Haddad']);

    expect((await as('guardian', 'DELETE', `/api/hubs/${hubId}/events/${id}/signup`)).status).toBe(200);
    expect((await as('guardian', 'DELETE', `/api/hubs/${hubId}/events/${id}/signup`)).body.error.code).toBe('signup_not_found');
    expect((await signup('guardian2', id)).status).toBe(200);
    expect((await managed(id)).taken).toBe(2);
  });

  it('takes attendance, and counts the young people the hub reached this year once each', async () => {
    const id = await publish({ ...meeting, title: 'Laboratorio di fumetto', kind: 'workshop', capacity: 10 });
    await signup('youth', id);
    await signup('guardian', id);
    const before = (await t.call<HubPage>('GET', `/api/hubs/${hubId}`)).body.reached;
    expect(before.year).toBe(2026);

    t.clock.set('2026-11-26T16:30:00Z');
    // Started: places are no longer taken nor given back.
    expect((await signup('guardian2', id)).body.error.code).toBe('event_closed');
    expect((await as('youth', 'DELETE', `/api/hubs/${hubId}/events/${id}/signup`)).body.error.code).toBe('event_closed');
    const youthId = people.ids.youth;
    const reached = async () => (await t.call<HubPage>('GET', `/api/hubs/${hubId}`)).body.reached.youth;
    const marked = await as('hub', 'PUT', `/api/hub/events/${id}/attendance`, { userId: youthId, attended: true });
    expect(marked.status).toBe(200);
    const withSara = await reached();
    // Sara counts once, however often she comes (she may have checked in at the hub before).
    expect(withSara).toBeGreaterThanOrEqual(1);
    expect([before.youth, before.youth + 1]).toContain(withSara);
    // Her mother came too, but she is not a young person.
    await as('hub', 'PUT', `/api/hub/events/${id}/attendance`, { userId: people.ids.guardian, attended: true });
    expect(
      (await managed(id)).signups
        .filter((s) => s.attended)
        .map((s) => s.role)
        .sort(),
    ).toEqual(['guardian', 'youth']);
    expect(await reached()).toBe(withSara);
    const notSigned = await as('hub', 'PUT', `/api/hub/events/${id}/attendance`, { userId: people.ids.guardian2, attended: true });
    expect(notSigned.body.error.code).toBe('signup_not_found');
    t.clock.set('2026-11-25T10:00:00Z');
  });

  it('takes attendance by card from the day of the event: a walk-in gets a place; a bad or ended card, or a day too early, changes nothing', async () => {
    const id = await publish({ ...meeting, title: 'Laboratorio di robotica', kind: 'workshop', capacity: 1 });
    const byCard = (card: string, eventId = id) => as('hub', 'POST', `/api/hub/events/${eventId}/attendance/card`, { card });
    const [sara, yusuf, karima] = DEMO_CARDS;
    const unspaced = (number: string) => number.replace(/\s/g, '');
    try {
      expect((await byCard(sara.number)).body.error.code).toBe('event_not_started');
      expect((await managed(id)).signups).toEqual([]);

      // The day of the event, before it starts: Sara has the one place; Yusuf has none, and the room is full.
      t.clock.set('2026-11-26T15:50:00Z');
      await signup('youth', id);
      const came = await byCard(sara.number);
      expect(came.status).toBe(200);
      expect(came.body.name).toBe(sara.name);
      expect((await byCard(yusuf.number)).body.error.code).toBe('event_full');
      // Under way: no one else may take a place now, so he is added, and the room grows to hold him.
      t.clock.set('2026-11-26T16:10:00Z');
      expect((await byCard(` ${unspaced(yusuf.number)} `)).body.name).toBe(yusuf.name);
      const list = await managed(id);
      expect(list.signups.map((s) => [s.name, s.attended]).sort()).toEqual([
        [sara.name, true],
        [yusuf.name, true],
      ]);
      expect([list.taken, list.capacity]).toEqual([2, 2]);

      for (const card of ['1234', '9999 9999 9999', '']) {
        const refused = await byCard(card);
        expect(refused.status).toBe(400);
        expect(refused.body.error.fields).toEqual([expect.objectContaining({ path: 'card', code: 'field_card' })]);
      }
      expect((await byCard(cardNumberFrom('99998888777'))).body.error.code).toBe('card_invalid');
      await t.db.query(`UPDATE cards SET ended_at = now(), end_reason = 'lost' WHERE number = $1`, [unspaced(karima.number)]);
      expect((await byCard(karima.number)).body.error.code).toBe('card_ended');
      await t.db.query(`UPDATE cards SET ended_at = NULL, end_reason = NULL WHERE number = $1`, [unspaced(karima.number)]);
      expect((await byCard(sara.number, randomUUID())).body.error.code).toBe('event_not_found');
      expect((await as('youth', 'POST', `/api/hub/events/${id}/attendance/card`, { card: sara.number })).status).toBe(403);
      expect((await managed(id)).signups).toHaveLength(2);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });

  it('refuses bad events, events in the past, other hubs and other roles, and changes nothing', async () => {
    const count = async () => (await as('hub', 'GET', '/api/hub/events')).body.events.length as number;
    const before = await count();
    const bad = await as('hub', 'POST', '/api/hub/events', { ...meeting, endsAt: meeting.startsAt, capacity: 0, title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['capacity', 'endsAt', 'title']);
    const backwards = await as('hub', 'POST', '/api/hub/events', { ...meeting, endsAt: '2026-11-26T15:00:00.000Z' });
    expect(backwards.body.error.fields).toEqual([expect.objectContaining({ path: 'endsAt', code: 'field_event_ends' })]);
    const past = await as('hub', 'POST', '/api/hub/events', {
      ...meeting,
      startsAt: '2026-11-24T16:00:00.000Z',
      endsAt: '2026-11-24T18:00:00.000Z',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('event_in_past');
    expect(await count()).toBe(before);

    const id = await publish({ ...meeting, title: 'Open day', kind: 'open_day' });
    expect((await signup('hub', id)).status).toBe(403);
    expect((await as('', 'POST', `/api/hubs/${hubId}/events/${id}/signup`, {})).status).toBe(401);
    expect((await signup('youth', randomUUID())).body.error.code).toBe('event_not_found');
    expect((await as('hub', 'POST', `/api/hub/events/${id}/cancel`, {})).status).toBe(200);
    expect((await as('hub', 'POST', `/api/hub/events/${id}/cancel`, {})).body.error.code).toBe('event_closed');
    expect((await signup('youth', id)).body.error.code).toBe('event_closed');
    expect((await t.call<HubPage>('GET', `/api/hubs/${hubId}`)).body.events.map((e) => e.id)).not.toContain(id);
    expect((await managed(id)).cancelledAt).not.toBeNull();
  });
});
