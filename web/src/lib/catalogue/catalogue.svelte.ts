import Dexie, { type Table } from 'dexie';
import { indexOffer, type CatalogueDelta, type CatalogueOffer, type IndexedOffer } from '$shared/catalogue';
import { api, ApiError, errorText } from '$lib/services/api';

type Meta = { key: 'cursor' | 'updatedAt'; value: string };

/**
 * The device's copy of the catalogue: public, so one for the device whoever signs in (a family phone
 * keeps it across sign-outs), and kept up to date with the changes since it was last asked.
 */
class CatalogueDb extends Dexie {
  offers!: Table<CatalogueOffer, string>;
  meta!: Table<Meta, string>;

  constructor() {
    super('wishmi-catalogue');
    this.version(1).stores({ offers: 'id', meta: 'key' });
  }
}

/**
 * The catalogue as every search page sees it: held in memory, indexed once, so a search answers as
 * the person types; refreshed from the server when there is a network, searched offline when not.
 */
class Catalogue {
  /** Every offer, ready to search (replaced as a whole on each change, so pages follow it). */
  offers = $state.raw<IndexedOffer[]>([]);
  /** The device's copy has been read (it may be empty: never downloaded). */
  opened = $state(false);
  refreshing = $state(false);
  /** When the copy last caught up with the server (ISO), if ever. */
  updatedAt = $state<string | null>(null);
  /** Why the last refresh failed (offline, most often); the copy is still searched. */
  problem = $state<string | null>(null);
  offline = $state(false);
  /** At least one refresh has ended (well or not): "not in the catalogue" may now be said. */
  settled = $state(false);
  #db: CatalogueDb | null = null;
  #byId = new Map<string, IndexedOffer>();
  /** The cursor of what this tab holds in memory; another tab may have moved the device's copy on. */
  #cursor: string | undefined;
  #opening: Promise<void> | null = null;
  #refreshing: Promise<void> | null = null;

  get db(): CatalogueDb {
    this.#db ??= new CatalogueDb();
    return this.#db;
  }

  /** Reads the device's copy once, then catches up with the server. */
  open(): Promise<void> {
    this.#opening ??= this.#load().catch((error: unknown) => {
      // No IndexedDB (blocked, full, a private window): the page says why instead of waiting forever.
      this.problem = error instanceof Error ? error.message : String(error);
      this.opened = true;
    });
    return this.#opening.then(() => this.refresh());
  }

  /** Opens the copy for a page, and catches up again whenever the network comes back; returns how to stop. */
  follow(): () => void {
    void this.open();
    const online = () => void this.refresh();
    addEventListener('online', online);
    return () => removeEventListener('online', online);
  }

  /** (Re)reads the whole copy from IndexedDB into memory. */
  async #load(): Promise<void> {
    const [offers, updatedAt, cursor] = await this.db.transaction('r', this.db.offers, this.db.meta, () =>
      Promise.all([this.db.offers.toArray(), this.db.meta.get('updatedAt'), this.db.meta.get('cursor')]),
    );
    this.#byId = new Map(offers.map((offer) => [offer.id, indexOffer(offer)]));
    this.#cursor = cursor?.value;
    this.offers = [...this.#byId.values()];
    this.updatedAt = updatedAt?.value ?? null;
    this.opened = true;
  }

  find(id: string): CatalogueOffer | undefined {
    return this.#byId.get(id)?.offer;
  }

  /** Downloads the changes since the last refresh, a page at a time; one refresh at a time. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#catchUp().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #catchUp(): Promise<void> {
    this.refreshing = true;
    try {
      await this.#opening;
      let more = true;
      while (more) {
        const stored = (await this.db.meta.get('cursor'))?.value;
        // Another tab caught up meanwhile: take the device's copy as it is now, then go on from there.
        if (stored !== this.#cursor) await this.#load();
        const delta: CatalogueDelta = await (await api.catalogue.$get({ query: { since: stored ?? '0' } })).json();
        await this.#apply(delta);
        more = delta.more;
      }
      this.problem = null;
      this.offline = false;
    } catch (error) {
      this.offline = error instanceof ApiError && error.code === 'offline';
      this.problem = errorText(error);
    } finally {
      this.refreshing = false;
      this.settled = true;
    }
  }

  async #apply(delta: CatalogueDelta): Promise<void> {
    const updatedAt = new Date().toISOString();
    // The page and the cursor that follows it are kept together, or neither is.
    await this.db.transaction('rw', this.db.offers, this.db.meta, async () => {
      if (delta.reset) await this.db.offers.clear();
      if (delta.offers.length) await this.db.offers.bulkPut(delta.offers);
      if (delta.removed.length) await this.db.offers.bulkDelete(delta.removed);
      await this.db.meta.bulkPut([
        { key: 'cursor', value: delta.cursor },
        { key: 'updatedAt', value: updatedAt },
      ]);
    });
    this.#cursor = delta.cursor;
    if (delta.reset) this.#byId.clear();
    if (delta.reset || delta.offers.length || delta.removed.length) {
      for (const offer of delta.offers) this.#byId.set(offer.id, indexOffer(offer));
      for (const id of delta.removed) this.#byId.delete(id);
      this.offers = [...this.#byId.values()];
    }
    this.updatedAt = updatedAt;
  }
}

export const catalogue = new Catalogue();
