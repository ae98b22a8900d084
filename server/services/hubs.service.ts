import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/hubs';
import { audit } from '../store/accounts';
import { NEARBY_KM, nearbyOffers, type CityHub, type HubInput, type HubPage, type PublicHub } from '$shared/hubs';

/**
 * The city's hubs: opened, changed and closed by the city (each step in the audit log), and shown to
 * anyone, signed in or not. A closed hub keeps its history; its check-in code opens nothing and it
 * leaves the public list.
 */
export function createHubsService(db: Db, clock: Clock) {
  return {
    /** The open hubs, as the public sees them. */
    async listOpen(): Promise<PublicHub[]> {
      return (await store.listHubs(db, { includeClosed: false })).map(store.publicHub);
    },

    /** An open hub's public page, with the activities near it; null for a closed or unknown hub. */
    async page(id: string): Promise<HubPage | null> {
      const hub = await store.loadHub(db, id);
      if (!hub || hub.closedAt) return null;
      const place = hub.lat === null || hub.lon === null ? null : { lat: hub.lat, lon: hub.lon };
      const nearby = place ? nearbyOffers(place, await store.offersAround(db, place, NEARBY_KM)) : [];
      return { hub: store.publicHub(hub), nearby };
    },

    /** Every hub, closed ones too, for the city. */
    listAll: (): Promise<CityHub[]> => store.listHubs(db, { includeClosed: true }),

    get: (id: string): Promise<CityHub | null> => store.loadHub(db, id),

    async open(input: HubInput, by: string): Promise<CityHub> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        const id = await store.insertHub(tx, input, now);
        await audit(tx, { at: now, actorId: by, action: 'open_hub', objectType: 'hub', objectId: id });
        return (await store.loadHub(tx, id))!;
      });
    },

    async update(id: string, input: HubInput, by: string): Promise<Result<{ hub: CityHub }, 'hub_not_found' | 'hub_closed'>> {
      return db.transaction(async (tx) => {
        const hub = await store.lockHub(tx, id);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        const now = clock.now();
        await store.updateHub(tx, id, input, now);
        await audit(tx, { at: now, actorId: by, action: 'update_hub', objectType: 'hub', objectId: id });
        return { ok: true, hub: (await store.loadHub(tx, id))! } as const;
      });
    },

    /** Closes a hub for good: its history stays, its check-ins stop. Closing it twice is refused. */
    async close(id: string, by: string): Promise<Result<{ hub: CityHub }, 'hub_not_found' | 'hub_closed'>> {
      return db.transaction(async (tx) => {
        const hub = await store.lockHub(tx, id);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        const now = clock.now();
        await store.closeHub(tx, id, now);
        await audit(tx, { at: now, actorId: by, action: 'close_hub', objectType: 'hub', objectId: id });
        return { ok: true, hub: (await store.loadHub(tx, id))! } as const;
      });
    },
  };
}

export type HubsService = ReturnType<typeof createHubsService>;
