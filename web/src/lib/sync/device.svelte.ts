import type { Me } from '$shared/account';
import type { Entity } from '$shared/entities';
import type { Mutation, MutationArgs, MutationName } from '$shared/sync';
import type { SyncEngine, SyncState } from './engine';
import type { StoredRejection } from './local';
import { LAST_USER, lastUser, rememberUser } from './last-user';
import { show } from './registry';
import { forgetSearch } from '$lib/catalogue/query';
import { afterPaint, afterShown, nextTask } from '$lib/after-paint';

/**
 * The signed-in person's device: their local data and outbox, and what the app shows about sync
 * (offline, changes waiting, last synced, changes refused). Every page reads through here.
 */
class Device {
  engine = $state<SyncEngine | null>(null);
  state = $state<SyncState>({ syncing: false, lastError: null, online: true, outdated: null });
  pending = $state(0);
  lastSynced = $state<string | null>(null);
  /** How far the server's clock is ahead of this device's (ms), as last measured. */
  skewMs = $state(0);
  rejections = $state<StoredRejection[]>([]);
  #stop: (() => void) | null = null;

  /** Who the device was last started for (the engine arrives a moment later). */
  #userId: string | null = null;
  /** The engine being loaded for `#userId`, or null once stopped. */
  #starting: Promise<SyncEngine | null> | null = null;

  /**
   * Opens the person's local data and starts syncing. Dexie and the sync engine are a script of their
   * own, fetched once the page has painted what it can show without them (its title, its main
   * actions): neither fetching nor evaluating them delays the first screen, and the views (which
   * follow `engine`) fill in once it has opened the data. Two frames: the first screen is drawn in
   * one and reaches the display only as the next begins, or later on a busy phone: where the browser
   * says when it showed the page's largest content, that report is waited for too. A script asked
   * for earlier competes with the first screen: fetched at once instead, the youth home scored 6 and
   * 2 points lower in two paired audits and painted its largest content at 2.5 s against 1.9-2.1 s
   * (docs/performance.md, "What the build keeps").
   */
  start(userId: string): void {
    if (this.#userId === userId) return;
    this.stop();
    this.#userId = userId;
    rememberUser(userId);
    const since = performance.now();
    const shown = () => afterShown(since);
    const starting: Promise<SyncEngine | null> = afterPaint()
      .then(afterPaint)
      .then(shown)
      .then(() => import('./engine'))
      .then(
        async ({ SyncEngine }) => {
          // The script has just been evaluated, in a task of its own: opening the data starts in the next.
          await nextTask();
          // Stopped, or started again (for someone else, or anew), while the script was on its way.
          if (this.#starting !== starting) return null;
          // The session belongs to someone else now (signed out or switched in another tab): start over
          // from what the server says, never showing or sending one person's data as another's.
          const engine = new SyncEngine(userId, () => location.reload());
          // Opened before anything reads it: when Dexie has just created a database (a new device), it
          // tells every live query already started that all of it changed, and each would run twice.
          // (If it cannot open, it stays closed, as it would have anyway: changes and syncs fail and
          // say so, through `mutate` and the sync state; the live views stay empty.)
          await engine.db.open().catch(() => undefined);
          // The views' first reads and the first sync start in a task of their own too.
          await nextTask();
          if (this.#starting !== starting) {
            engine.db.close();
            return null;
          }
          this.#follow(engine, userId);
          return engine;
        },
        () => {
          // The script could not be fetched (offline before the service worker had it): the next start tries again.
          if (this.#starting === starting) this.#userId = null;
          return null;
        },
      );
    this.#starting = starting;
  }

  /** The engine once it has started (null if no one is signed in, or the device was stopped meanwhile). */
  started(): Promise<SyncEngine | null> {
    return this.#starting ?? Promise.resolve(null);
  }

  #follow(engine: SyncEngine, userId: string): void {
    this.engine = engine;
    // Each field is set only when it changed: what reads it is redrawn only then.
    const following = engine.status().subscribe((status) => {
      if (status.pending !== this.pending) this.pending = status.pending;
      if (status.lastSynced !== this.lastSynced) this.lastSynced = status.lastSynced;
      if (status.skewMs !== this.skewMs) this.skewMs = status.skewMs;
      if (JSON.stringify(status.rejections) !== JSON.stringify(this.rejections)) this.rejections = status.rejections;
    });
    const offState = engine.onState((s) => (this.state = s));
    const offTriggers = engine.start();
    const switched = (event: StorageEvent) => {
      if (event.key === LAST_USER && event.newValue !== userId) location.reload();
    };
    addEventListener('storage', switched);
    // Someone else signed in on another tab while the database was opening, before anyone listened
    // (no one at all is not read as a switch: storage may be blocked, and a sign-out ends the session).
    const last = lastUser();
    if (last !== null && last !== userId) location.reload();
    this.#stop = () => {
      following.unsubscribe();
      offState();
      offTriggers();
      removeEventListener('storage', switched);
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#userId = null;
    this.#starting = null;
    this.engine = null;
  }

  /**
   * Signing out: the device forgets who used it last, and their data too once everything is sent
   * (a family phone passes from hand to hand). Changes still waiting stay, for their next sign-in.
   */
  async forget(): Promise<void> {
    const engine = this.engine ?? (await this.started().catch(() => null));
    const waiting = engine ? await engine.waiting().catch(() => 1) : 1;
    this.stop();
    rememberUser(null);
    if (engine) forgetSearch(engine.userId);
    if (engine && waiting === 0) await engine.erase().catch(() => undefined);
  }

  /** Records a change (a tap in the moment the engine is still loading waits for it). */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<Mutation> {
    const engine = this.engine ?? (await this.started());
    if (!engine) throw new Error('No one is signed in on this device.');
    return engine.mutate(name, args);
  }

  async sync(): Promise<void> {
    await (this.engine ?? (await this.started()))?.sync();
  }

  dismiss(id: string): Promise<void> {
    return this.engine?.dismissRejection(id) ?? Promise.resolve();
  }

  /** A live view of one stored entity as last synced, and the outbox (what waits to be sent): `show` puts one on the other. */
  stored<E extends Entity>(entity: E, id: string) {
    return this.engine?.live(entity, id) ?? null;
  }

  /** Something this device keeps for the person beyond synced data (a staff device's check-in places). */
  async kept<T>(key: string): Promise<T | undefined> {
    return (await this.engine?.db.meta.get(`kept:${key}`))?.value as T | undefined;
  }

  async keep(key: string, value: unknown): Promise<void> {
    await this.engine?.db.meta.put({ key: `kept:${key}`, value });
  }

  /** A form's draft as this person left it on this device, if any. */
  async draft<T>(key: string): Promise<T | undefined> {
    return (await this.engine?.db.drafts.get(key))?.value as T | undefined;
  }

  async saveDraft(key: string, value: unknown): Promise<void> {
    await this.engine?.db.drafts.put({ key, value, savedAt: new Date().toISOString() });
  }

  async dropDraft(key: string): Promise<void> {
    await this.engine?.db.drafts.delete(key);
  }
}

export const device = new Device();

/** Who used this device last, as last synced: lets the app open with no network. */
export async function lastKnownMe(): Promise<Me | null> {
  const userId = lastUser();
  if (!userId) return null;
  const { entityKey, LocalDb } = await import('./local');
  const db = new LocalDb(userId);
  try {
    const stored = (await db.entities.get(entityKey('me', userId)))?.data as Me | undefined;
    return show('me', stored, await db.outbox.orderBy('seq').toArray()) ?? null;
  } finally {
    db.close();
  }
}
