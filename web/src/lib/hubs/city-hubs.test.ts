import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import type { CityHub } from '$shared/hubs';
import { CityHubs, HubManager } from './city-hubs.svelte';
import { emptyHub, hubDraft, hubOf, type HubDraft } from './hub-draft';
import { directionsUrl } from './public-hubs';
import { HubStaffManager } from './hub-staff.svelte';

const ID = '00000000-0000-4000-8000-0000000000b1';
const corvetto: CityHub = {
  id: ID,
  name: 'Hub Corvetto',
  address: 'Piazzale Gabriele Rosa 2, Milano',
  municipio: 4,
  lat: 45.4404,
  lon: 9.2236,
  hours: [{ day: 1, opens: '15:00', closes: '19:00' }],
  languages: ['it', 'ar'],
  accessibility: ['step_free'],
  closedAt: null,
  createdAt: '2026-11-01T09:00:00.000Z',
  operators: 1,
};

/** A new hub filled in as far as the form needs. */
function written(): HubDraft {
  return { ...emptyHub(), name: 'Hub Bovisa', address: 'Via Candiani 10, Milano', municipio: '9', lat: '45.5034', lon: '9.1612' };
}

describe("the city's hubs", () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server().on('GET /api/city/hubs', { hubs: [corvetto] });
    const hubs = new CityHubs();
    await vi.waitFor(() => expect(hubs.list.loading).toBe(false));
    return hubs;
  }

  it('reads a typed hub as the schema does: numbers from text, days as numbers', () => {
    expect(hubOf(written())).toMatchObject({
      municipio: 9,
      lat: 45.5034,
      lon: 9.1612,
      hours: expect.arrayContaining([{ day: 1, opens: '15:00', closes: '19:00' }]),
    });
    expect(hubOf(emptyHub())).toMatchObject({ municipio: undefined, lat: NaN, lon: NaN });
    expect(hubOf(hubDraft(corvetto))).toMatchObject({ name: 'Hub Corvetto', municipio: 4, lat: 45.4404, hours: corvetto.hours });
    expect(hubDraft({ ...corvetto, lat: null, lon: null })).toMatchObject({ lat: '', lon: '' });
  });

  it('sends nothing while the new hub misses its name and place, and names each field', async () => {
    const hubs = await opened();
    expect(await hubs.open()).toBe(false);
    expect(server().to('POST /api/city/hubs')).toEqual([]);
    expect(hubs.form.errors).toMatchObject({ name: t('field_hub_name'), lat: t('field_coordinates'), municipio: t('field_required') });
  });

  it('opens the hub, says so, starts a fresh form and reads the list again', async () => {
    const hubs = await opened();
    server().on('POST /api/city/hubs', { hub: { ...corvetto, name: 'Hub Bovisa' } });
    hubs.draft = written();
    expect(await hubs.open()).toBe(true);
    expect(server().to('POST /api/city/hubs')[0].body).toEqual(JSON.parse(JSON.stringify(hubOf(written()))));
    expect(hubs.opened).toBe(m.city_hub_opened({ name: 'Hub Bovisa' }));
    expect(hubs.draft.name).toBe('');
    await vi.waitFor(() => expect(server().to('GET /api/city/hubs')).toHaveLength(2));
  });

  it('changes a hub and closes it; a refusal to close is shown and the hub read again', async () => {
    server().on(`GET /api/city/hubs/${ID}`, { hub: corvetto });
    const manager = new HubManager(ID);
    await vi.waitFor(() => expect(manager.draft?.name).toBe('Hub Corvetto'));

    server().on(`PUT /api/city/hubs/${ID}`, { hub: { ...corvetto, name: 'Hub Corvetto Nord' } });
    manager.draft!.name = 'Hub Corvetto Nord';
    await manager.save();
    expect(server().to(`PUT /api/city/hubs/${ID}`)[0].body).toMatchObject({ name: 'Hub Corvetto Nord', municipio: 4 });
    expect(manager.done).toBe(m.city_hub_saved());
    expect(manager.hub.data?.name).toBe('Hub Corvetto Nord');

    server().on(`POST /api/city/hubs/${ID}/close`, refusal(409, 'hub_closed', 'This hub is closed.'));
    await manager.close();
    expect(manager.closeError).toBe('This hub is closed.');
    expect(server().to(`GET /api/city/hubs/${ID}`)).toHaveLength(2);

    server().on(`POST /api/city/hubs/${ID}/close`, { hub: { ...corvetto, closedAt: '2026-11-25T10:00:00.000Z' } });
    await manager.close();
    expect(manager.closeError).toBeNull();
    expect(manager.done).toBe(m.city_hub_closed({ name: 'Hub Corvetto' }));
    expect(manager.hub.data?.closedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('gives directions to the hub on OpenStreetMap', () => {
    expect(directionsUrl({ lat: 45.4404, lon: 9.2236 })).toBe('https://www.openstreetmap.org/directions?to=45.4404%2C9.2236');
  });
});

describe("a hub's operators", () => {
  useMessages();
  const server = useFakeApi();
  const marta = {
    id: '00000000-0000-4000-8000-0000000000c1',
    name: 'Marta Rossi',
    email: 'marta@example.org',
    since: '2026-11-01T09:00:00.000Z',
  };
  const invited = {
    id: '00000000-0000-4000-8000-0000000000d1',
    name: 'Luca Bruni',
    email: 'luca@example.org',
    createdAt: '2026-11-20T09:00:00.000Z',
    expiresAt: '2026-11-27T09:00:00.000Z',
  };

  async function opened() {
    server().on(`GET /api/city/hubs/${ID}/operators`, { operators: [marta], invitations: [invited] });
    const staff = new HubStaffManager(ID, 'https://wishmi.example');
    await vi.waitFor(() => expect(staff.staff.loading).toBe(false));
    return staff;
  }

  it('invites someone and shows the whole link to send, once; a bad email is named and nothing sent', async () => {
    const staff = await opened();
    staff.invitee = { name: 'Luca Bruni', email: 'not an email' };
    expect(await staff.invite()).toBe(false);
    expect(staff.form.errors.email).toBe(t('field_email'));
    expect(server().to(`POST /api/city/hubs/${ID}/operators`)).toEqual([]);

    server().on(`POST /api/city/hubs/${ID}/operators`, { path: '/invite?token=abc', expiresAt: invited.expiresAt });
    staff.invitee = { name: 'Luca Bruni', email: 'luca@example.org' };
    expect(await staff.invite()).toBe(true);
    expect(server().to(`POST /api/city/hubs/${ID}/operators`)[0].body).toEqual({ name: 'Luca Bruni', email: 'luca@example.org' });
    expect(staff.link).toBe('https://wishmi.example/invite?token=abc');
    expect(staff.done).toBe(m.hub_staff_invited({ name: 'Luca Bruni' }));
    expect(staff.invitee).toEqual({ name: '', email: '' });
  });

  it('removes an operator and withdraws an invitation, reading who works there again each time', async () => {
    const staff = await opened();
    server().on(`DELETE /api/city/hubs/${ID}/operators/${marta.id}`, { removed: true });
    await staff.remove(marta);
    expect(staff.done).toBe(m.hub_staff_removed({ name: 'Marta Rossi' }));
    server().on(`DELETE /api/city/hubs/${ID}/invitations/${invited.id}`, refusal(404, 'invitation_not_found', 'Already answered.'));
    await staff.withdraw(invited);
    expect(staff.error).toBe('Already answered.');
    expect(staff.busy).toBeNull();
    expect(server().to(`GET /api/city/hubs/${ID}/operators`)).toHaveLength(3);
  });
});
