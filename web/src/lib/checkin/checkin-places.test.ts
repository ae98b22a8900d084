import { describe, expect, it } from 'vitest';
import { m } from '$lib/i18n';
import type { StaffPlace } from '$shared/checkin';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { KEPT_CHOICE, KEPT_PLACES, type KeptPlaces } from './checkin-code';
import { CheckinPlaces, type Keeper } from './checkin-places.svelte';

const NOW = new Date('2026-11-25T10:00:00Z');
const hub: StaffPlace = {
  id: 'p-hub',
  code: 'H7KQ',
  kind: 'hub',
  name: 'Hub Corvetto',
  hubId: 'h1',
  offerId: null,
  category: null,
  secret: 'AAAA',
};
const swim: StaffPlace = {
  id: 'p-swim',
  code: 'N2WX',
  kind: 'offer',
  name: 'Nuoto per ragazzi',
  hubId: null,
  offerId: 'o1',
  category: 'sport',
  secret: 'BBBB',
};

/** The device's storage, in memory, and what was written to it. */
function memoryKeeper(start: Record<string, unknown> = {}): Keeper & { stored: Map<string, unknown> } {
  const stored = new Map(Object.entries(start));
  return {
    stored,
    kept: async <T>(key: string) => stored.get(key) as T | undefined,
    keep: async (key, value) => void stored.set(key, structuredClone(value)),
  };
}

describe("a staff device's check-in places", () => {
  useMessages();
  const server = useFakeApi();

  it("fetches the place's list, keeps it on the device with when it was fetched, and shows the first place", async () => {
    server().on('GET /api/checkin/places', { places: [hub, swim] });
    const keeper = memoryKeeper();
    const checkin = new CheckinPlaces(keeper, () => NOW);
    expect(checkin.loading).toBe(true);
    await checkin.load();
    expect(checkin.loading).toBe(false);
    expect(checkin.problem).toBeNull();
    expect(checkin.places).toEqual([hub, swim]);
    expect(checkin.place).toEqual(hub);
    expect(checkin.purposes).toEqual(['visit', 'project']);
    expect(keeper.stored.get(KEPT_PLACES)).toEqual({ places: [hub, swim], fetchedAt: NOW.toISOString() });
  });

  it('keeps showing the places kept with no network, and says it is offline', async () => {
    const kept: KeptPlaces = { places: [swim], fetchedAt: '2026-11-20T08:00:00.000Z' };
    server().offline();
    const checkin = new CheckinPlaces(
      memoryKeeper({ [KEPT_PLACES]: kept, [KEPT_CHOICE]: { placeId: 'p-swim', purpose: 'visit' } }),
      () => NOW,
    );
    await checkin.load();
    expect(checkin.kept).toEqual(kept);
    expect(checkin.place).toEqual(swim);
    expect(checkin.problem).toEqual({ offline: true, message: m.error_offline() });
  });

  it("says the server's reason when it refuses, with nothing to show", async () => {
    server().on('GET /api/checkin/places', refusal(403, 'forbidden', 'Not for this account.'));
    const checkin = new CheckinPlaces(memoryKeeper(), () => NOW);
    await checkin.load();
    expect(checkin.kept).toBeNull();
    expect(checkin.place).toBeNull();
    expect(checkin.problem).toEqual({ offline: false, message: 'Not for this account.' });
  });

  it('has no place to show when the account has none', async () => {
    server().on('GET /api/checkin/places', { places: [] });
    const checkin = new CheckinPlaces(memoryKeeper(), () => NOW);
    await checkin.load();
    expect(checkin.kept?.places).toEqual([]);
    expect(checkin.place).toBeNull();
    expect(checkin.purposes).toEqual([]);
  });

  it('shows the place and purpose last chosen on this device, and keeps a new choice', async () => {
    server().on('GET /api/checkin/places', { places: [hub, swim] });
    const keeper = memoryKeeper({ [KEPT_CHOICE]: { placeId: 'p-hub', purpose: 'project' } });
    const checkin = new CheckinPlaces(keeper, () => NOW);
    await checkin.load();
    expect(checkin.place?.id).toBe('p-hub');
    expect(checkin.shownPurpose).toBe('project');

    checkin.choose({ placeId: 'p-swim' });
    // A provider's activity has visits only: the project meeting chosen for the hub shows as a visit.
    expect(checkin.purposes).toEqual(['visit']);
    expect(checkin.shownPurpose).toBe('visit');
    await Promise.resolve();
    expect(keeper.stored.get(KEPT_CHOICE)).toEqual({ placeId: 'p-swim', purpose: 'visit' });
  });

  it('shows the first place when the one kept is gone', async () => {
    server().on('GET /api/checkin/places', { places: [swim] });
    const checkin = new CheckinPlaces(memoryKeeper({ [KEPT_CHOICE]: { placeId: 'p-hub', purpose: 'project' } }), () => NOW);
    await checkin.load();
    expect(checkin.place).toEqual(swim);
    expect(checkin.shownPurpose).toBe('visit');
  });
});
