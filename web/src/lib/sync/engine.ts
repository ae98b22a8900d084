import * as v from 'valibot';
import Dexie, { liveQuery, type Observable } from 'dexie';
import {
  MAX_PUSH,
  MUTATIONS,
  PROTOCOL,
  type Mutation,
  type MutationArgs,
  type MutationName,
  type PullResponse,
  type PushResponse,
} from '$shared/sync';
import type { Entity, EntityData } from '$shared/entities';
import { ApiError, apiFetch } from '$lib/services/api';
import { m } from '$lib/i18n';
import { entityKey, getMeta, LocalDb, type StoredRejection } from './local';

const IDLE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const BACKGROUND_SYNC_TAG = 'wishmi-sync';

/**
 * `outdated`: the device and the server speak different versions of the sync protocol. `app`: this
 * app is too old, and must be updated before it syncs again; `server`: the server is behind this app
 * (it is being updated), and the device tries again later. Either way the outbox stays as it is.
 */
export type SyncState = { syncing: boolean; lastError: string | null; online: boolean; outdated: 'app' | 'server' | null };
/** Changes waiting to be sent, when the device last synced, its clock's offset from the server's, and the refusals not yet read. */
export type DeviceStatus = { pending: number; lastSynced: string | null; skewMs: number; rejections: StoredRejection[] };

/**
 * The device's side of sync: every write is a mutation stored in the outbox before the
 * UI shows it; `sync()` pushes the outbox in order and pulls what changed. One sync at a time per
 * person on this device, across tabs too (Web Locks), so the same batch is never pushed twice at once.
 */
export class SyncEngine {
  readonly db: LocalDb;
  #running: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #stopped = false;
  #listeners = new Set<(state: SyncState) => void>();
  state: SyncState = {
    syncing: false,
    lastError: null,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    outdated: null,
  };

  /** `onForeign`: the session no longer belongs to this person (signed out or switched in another tab). */
  constructor(
    readonly userId: string,
    private readonly onForeign: () => void = () => undefined,
  ) {
    this.db = new LocalDb(userId);
    // Another tab deleted this person's data (they signed out there): stop, rather than recreate it empty.
    // (Dexie then closes it, as for a newer version of the app opening it elsewhere.)
    this.db.on('versionchange', (event) => {
      if (event.newVersion === null) this.#foreign();
    });
  }

  #foreign(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.db.close();
    this.onForeign();
  }

  onState(listener: (state: SyncState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.state);
    return () => this.#listeners.delete(listener);
  }

  #set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.#listeners) listener(this.state);
  }

  async clientId(): Promise<string> {
    return this.db.transaction('rw', this.db.meta, () => this.#clientIdIn());
  }

  /** The device's id, made on first use; call inside a transaction over `meta`. */
  async #clientIdIn(): Promise<string> {
    const existing = await getMeta<string>(this.db, 'clientId');
    if (existing) return existing;
    const id = crypto.randomUUID();
    await this.db.meta.put({ key: 'clientId', value: id });
    return id;
  }

  /** Records a change in the outbox (the UI shows it at once) and starts sending it. */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<Mutation> {
    // The same check the server makes: a change that can never be valid is not queued at all.
    const { args: schema, version } = MUTATIONS[name];
    v.parse(schema, args);
    const mutation = await this.db.transaction('rw', this.db.meta, this.db.outbox, async () => {
      // Read in the same transaction as the entry is added: a renumbering cannot come in between.
      const clientId = await this.#clientIdIn();
      // When it was done, on the server's clock as last measured: deadlines are judged on that clock.
      const clientTime = new Date(Date.now() + ((await getMeta<number>(this.db, 'skewMs')) ?? 0)).toISOString();
      const last = (await this.db.outbox.orderBy('seq').last())?.seq ?? 0;
      const confirmed = (await getMeta<number>(this.db, 'lastSeq')) ?? 0;
      const seq = Math.max(last, confirmed, (await getMeta<number>(this.db, 'nextSeq')) ?? 0) + 1;
      const entry: Mutation = { id: crypto.randomUUID(), clientId, seq, name, args, v: version, clientTime };
      await this.db.outbox.add(entry);
      await this.db.meta.put({ key: 'nextSeq', value: seq });
      return entry;
    });
    void this.#registerBackgroundSync();
    void this.sync();
    return mutation;
  }

  /** Pushes the outbox and pulls; concurrent calls share one run, and one more runs after it if asked meanwhile. */
  sync(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#exclusive(() => this.#syncOnce());
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #exclusive(work: () => Promise<void>): Promise<void> {
    if (typeof navigator !== 'undefined' && navigator.locks) await navigator.locks.request(`wishmi-sync-${this.userId}`, work);
    else await work();
  }

  async #syncOnce(): Promise<void> {
    if (this.#stopped) return;
    this.#set({ syncing: true });
    try {
      await this.#push();
      await this.#pull();
      this.#failures = 0;
      this.#set({ syncing: false, lastError: null, online: true, outdated: null });
      this.#schedule(IDLE_MS);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'sync_client_too_old') {
        // Nothing this app sends or reads would be understood: it waits, outbox and all, for the update.
        this.#stopped = true;
        this.#set({ syncing: false, lastError: null, outdated: 'app' });
        return;
      }
      if (error instanceof ApiError && error.code === 'sync_client_not_yours') {
        // Whoever is signed in now is not this person: never send their changes under another name.
        this.#set({ syncing: false });
        this.#foreign();
        return;
      }
      if (error instanceof ApiError && error.status === 401) {
        // Signed out: the session says so to the whole app (api.ts), and nothing more is sent.
        this.#stopped = true;
        this.#set({ syncing: false });
        return;
      }
      this.#failures++;
      const offline = error instanceof ApiError && error.code === 'offline';
      const serverBehind = error instanceof ApiError && error.code === 'sync_server_too_old';
      this.#set({
        syncing: false,
        lastError: offline || serverBehind ? null : error instanceof Error ? error.message : m.error_internal(),
        online: !offline,
        outdated: serverBehind ? 'server' : null,
      });
      // Back off: 2 s, 4 s, 8 s … up to five minutes, then keep trying at that pace.
      this.#schedule(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#failures));
    }
  }

  /**
   * Sends what the server has not answered yet. An applied change stays in the outbox (the screen
   * keeps showing it) until the pull that brings its effect; only a refused one leaves at once.
   */
  async #push(): Promise<void> {
    for (;;) {
      const batch = await this.db.transaction('r', this.db.meta, this.db.outbox, async () =>
        this.db.outbox
          .where('seq')
          .above((await getMeta<number>(this.db, 'lastSeq')) ?? 0)
          .limit(MAX_PUSH)
          .toArray(),
      );
      if (batch.length === 0) return;
      let response: PushResponse;
      try {
        response = await post<PushResponse>('/api/sync/push', {
          protocol: PROTOCOL,
          userId: this.userId,
          clientId: batch[0].clientId,
          mutations: batch,
        });
      } catch (error) {
        // This device's numbering no longer matches the server's (its data was restored from a backup,
        // or the server's was): start a new device id. Mutation ids stay, so nothing already applied
        // is applied twice.
        if (error instanceof ApiError && ['sync_seq_gap', 'sync_seq_reused'].includes(error.code)) {
          await this.#renumber();
          continue;
        }
        throw error;
      }
      await this.db.transaction('rw', this.db.outbox, this.db.rejections, this.db.meta, async () => {
        for (const [i, result] of response.results.entries()) {
          const sent = batch[i];
          if (result.status === 'rejected' || (result.status === 'duplicate' && result.code)) {
            await this.#noteRejection({
              id: sent.id,
              seq: sent.seq,
              name: sent.name,
              code: result.code!,
              message: result.message ?? '',
              action: result.action,
              args: sent.args,
            });
            await this.db.outbox.delete(sent.seq);
          }
        }
        await this.db.meta.put({ key: 'lastSeq', value: response.lastSeq });
      });
    }
  }

  /** Keeps a refusal to show; call inside a transaction over `rejections`. */
  async #noteRejection(rejection: Omit<StoredRejection, 'seen'>): Promise<void> {
    // A refusal is told once: the same answer again (a replay, or the pull after the push) is not news.
    if (!(await this.db.rejections.get(rejection.id))) await this.db.rejections.put({ ...rejection, seen: 0 });
  }

  async #renumber(): Promise<void> {
    await this.db.transaction('rw', this.db.meta, this.db.outbox, async () => {
      const clientId = crypto.randomUUID();
      const pending = await this.db.outbox.orderBy('seq').toArray();
      await this.db.outbox.clear();
      await this.db.outbox.bulkAdd(pending.map((entry, i) => ({ ...entry, clientId, seq: i + 1 })));
      await this.db.meta.bulkPut([
        { key: 'clientId', value: clientId },
        { key: 'lastSeq', value: 0 },
        { key: 'nextSeq', value: pending.length },
        { key: 'cursor', value: undefined },
      ]);
    });
  }

  async #pull(): Promise<void> {
    const clientId = await this.clientId();
    for (;;) {
      const cursor = await getMeta<number>(this.db, 'cursor');
      const query = new URLSearchParams({
        protocol: String(PROTOCOL),
        userId: this.userId,
        clientId,
        ...(cursor !== undefined ? { cursor: String(cursor) } : {}),
      });
      const page = await get<PullResponse>(`/api/sync/pull?${query}`);
      await this.db.transaction('rw', this.db.entities, this.db.meta, this.db.rejections, this.db.outbox, async () => {
        // Only what really changed is written: every write wakes the pages' live queries.
        const incoming = page.changes.map((c) => ({ key: entityKey(c.entity, c.id), entity: c.entity, id: c.id, data: c.data }));
        const stored = await this.db.entities.bulkGet(incoming.map((e) => e.key));
        const changed = incoming.filter((e, i) => JSON.stringify(stored[i]?.data) !== JSON.stringify(e.data));
        if (changed.length) await this.db.entities.bulkPut(changed);
        for (const r of page.rejections) await this.#noteRejection({ ...r, args: null });
        // The server's state now includes what it applied (on the last page, with the fresh reads):
        // those changes leave the outbox in the same transaction, so the screen never steps back.
        if (!page.more) await this.db.outbox.where('seq').belowOrEqual(page.lastSeq).delete();
        // Deadlines count down on the server's clock, not on a phone set wrong.
        const skew = Date.parse(page.serverTime) - Date.now();
        if (Math.abs(skew - ((await getMeta<number>(this.db, 'skewMs')) ?? 0)) > 1000)
          await this.db.meta.put({ key: 'skewMs', value: skew });
        await this.db.meta.bulkPut([
          { key: 'cursor', value: page.cursor },
          { key: 'lastSeq', value: page.lastSeq },
          { key: 'lastSynced', value: new Date().toISOString() },
        ]);
      });
      if (!page.more) return;
    }
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.sync(), ms);
  }

  async #registerBackgroundSync(): Promise<void> {
    try {
      const registration = await navigator.serviceWorker?.getRegistration();
      const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
      await sync?.register(BACKGROUND_SYNC_TAG);
    } catch {
      // No Background Sync here: `online`, focus and the timer do the job.
    }
  }

  /** Starts the triggers: coming online, coming back to the app, the service worker's background sync. */
  start(): () => void {
    const now = () => void this.sync();
    const visible = () => document.visibilityState === 'visible' && now();
    const offline = () => this.#set({ online: false });
    const message = (event: MessageEvent) => event.data?.type === 'sync' && now();
    addEventListener('online', now);
    addEventListener('offline', offline);
    addEventListener('focus', now);
    document.addEventListener('visibilitychange', visible);
    navigator.serviceWorker?.addEventListener('message', message);
    now();
    return () => {
      removeEventListener('online', now);
      removeEventListener('offline', offline);
      removeEventListener('focus', now);
      document.removeEventListener('visibilitychange', visible);
      navigator.serviceWorker?.removeEventListener('message', message);
      this.#stopped = true;
      if (this.#timer) clearTimeout(this.#timer);
      this.db.close();
    };
  }

  /** Changes the server has not answered yet (an applied one waits in the outbox only for the next pull). */
  #unanswered(lastSeq: number | undefined): Promise<number> {
    return this.db.outbox
      .where('seq')
      .above(lastSeq ?? 0)
      .count();
  }

  /** How many changes wait to be sent, now. */
  async waiting(): Promise<number> {
    return this.#unanswered(await getMeta<number>(this.db, 'lastSeq'));
  }

  /**
   * What the app tells about this device's sync, live, in one query: every write to the device's
   * database wakes the live queries that read what it wrote, and on a first visit each wake-up is a
   * round of transactions that the page's first render waits behind.
   */
  status(): Observable<DeviceStatus> {
    return liveQuery(() =>
      this.db.transaction('r', this.db.meta, this.db.outbox, this.db.rejections, async () => {
        const [lastSeq, lastSynced, skewMs] = await this.db.meta.bulkGet(['lastSeq', 'lastSynced', 'skewMs']);
        return {
          pending: await this.#unanswered(lastSeq?.value as number | undefined),
          lastSynced: (lastSynced?.value as string | undefined) ?? null,
          skewMs: (skewMs?.value as number | undefined) ?? 0,
          rejections: await this.db.rejections.where('seen').equals(0).sortBy('seq'),
        };
      }),
    );
  }

  async dismissRejection(id: string): Promise<void> {
    await this.db.rejections.update(id, { seen: 1 });
  }

  /** A live view of one stored entity, and the changes waiting in the outbox (to show on top of it). */
  live<E extends Entity>(entity: E, id: string): Observable<{ data: EntityData[E] | undefined; pending: Mutation[] }> {
    return liveQuery(() =>
      this.db.transaction('r', this.db.entities, this.db.outbox, async () => ({
        data: (await this.db.entities.get(entityKey(entity, id)))?.data as EntityData[E] | undefined,
        pending: await this.db.outbox.orderBy('seq').toArray(),
      })),
    );
  }

  /** Deletes this person's data from the device (call once stopped: the database is closed). */
  erase(): Promise<void> {
    return Dexie.delete(this.db.name);
  }
}

/** Through the app's one fetch: the page's language, errors as ApiError, and a session that ended signs out. */
async function send<T>(url: string, init: RequestInit): Promise<T> {
  const response = await apiFetch(url, init);
  return (await response.json()) as T;
}
const post = <T>(url: string, body: unknown) => send<T>(url, { method: 'POST', body: JSON.stringify(body) });
const get = <T>(url: string) => send<T>(url, { method: 'GET' });
