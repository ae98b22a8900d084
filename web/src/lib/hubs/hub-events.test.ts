import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { emptyEvent, eventOf, HubEventsAdmin, takePlace } from './hub-events.svelte';

const HUB = '00000000-0000-4000-8000-0000000000a1';
const EVENT = '00000000-0000-4000-8000-0000000000e1';

describe("a hub's events", () => {
  useMessages();
  const server = useFakeApi();

  it('reads the day and times on Milan’s clocks as instants, and a slip as nothing the schema takes', () => {
    const draft = { ...emptyEvent(new Date('2026-11-25T10:00:00Z')), title: 'Fumetto' };
    expect(draft.day).toBe('2026-12-02');
    expect(eventOf(draft)).toMatchObject({ startsAt: '2026-12-02T15:00:00.000Z', endsAt: '2026-12-02T17:00:00.000Z', capacity: 20 });
    expect(eventOf({ ...draft, day: '', capacity: 'dodici' })).toMatchObject({ startsAt: '', endsAt: '', capacity: NaN });
  });

  it('publishes an event once the draft is right, then reads the list again; a refusal to mark attendance is shown', async () => {
    server().on('GET /api/hub/events', { events: [] });
    const admin = new HubEventsAdmin();
    await vi.waitFor(() => expect(admin.events.loading).toBe(false));
    admin.draft = { ...admin.draft, capacity: '0' };
    expect(await admin.publish()).toBe(false);
    expect(admin.form.errors).toMatchObject({ title: t('field_event_title'), capacity: t('field_event_capacity') });
    expect(server().to('POST /api/hub/events')).toEqual([]);

    server().on('POST /api/hub/events', { id: EVENT });
    admin.draft = { ...admin.draft, title: 'Fumetto', capacity: '12' };
    expect(await admin.publish()).toBe(true);
    expect(server().to('POST /api/hub/events')[0].body).toMatchObject({ title: 'Fumetto', capacity: 12, kind: 'workshop' });
    expect(admin.done).toBe(m.hub_events_published());
    expect(admin.draft.title).toBe('');

    server().on(`PUT /api/hub/events/${EVENT}/attendance`, refusal(404, 'signup_not_found', 'No place.'));
    await admin.mark({ id: EVENT }, HUB, true);
    expect(admin.error).toBe('No place.');
    await vi.waitFor(() => expect(server().to('GET /api/hub/events').length).toBeGreaterThanOrEqual(3));
  });

  it('takes a place and gives it back', async () => {
    server().on(`POST /api/hubs/${HUB}/events/${EVENT}/signup`, { signedUp: true });
    server().on(`DELETE /api/hubs/${HUB}/events/${EVENT}/signup`, { signedUp: false });
    await takePlace(HUB, EVENT, true);
    await takePlace(HUB, EVENT, false);
    expect(server().to(`POST /api/hubs/${HUB}/events/${EVENT}/signup`)).toHaveLength(1);
    expect(server().to(`DELETE /api/hubs/${HUB}/events/${EVENT}/signup`)).toHaveLength(1);
  });
});
