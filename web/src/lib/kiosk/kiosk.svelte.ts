import { api, ApiError, errorText } from '$lib/services/api';
import { currentLocale, switchLanguage } from '$lib/i18n';
import type { Me } from '$shared/account';
import { MAX_QUEUED_CHECKINS, type KioskHome, type QueuedCheckin, type QueuedCheckinResult } from '$shared/kiosk';
import { readCard, verifyCardQr } from '$shared/cards';
import { fromBase64Url } from '$shared/booking-code';
import { m } from '$lib/i18n';
import type { EntityData } from '$shared/entities';
import type { MutationArgs, MutationName, PullResponse, PushResponse } from '$shared/sync';
import type { HubEvent } from '$shared/hub-events';
import { takePlace } from '$lib/hubs/hub-events.svelte';
import { indexOffer, type CatalogueDelta, type IndexedOffer } from '$shared/catalogue';
import { isLocale, type Locale } from '$shared/locale';
import { forgetEverything, type Forgetting } from './forget';

/** What a person signed in at the kiosk sees, read fresh from the server and held in memory only. */
export type PersonData = Partial<EntityData>;

/** What the kiosk keeps of itself between people (never anything of theirs): its hub's page, to show with no network. */
const KEPT_HOME = 'wishmi.kiosk.home';
/** Card check-ins made with no network, waiting to be sent (card, time, no one's data beyond the card). */
const QUEUE = 'wishmi.kiosk.queue';
/** Set while a person's "done" has not reached the server: the next start sends it first. */
export const LEAVING = 'wishmi.kiosk.leaving';

/** How long the kiosk's copy of the catalogue serves before it is read again: our figure (seats left move; the server decides anyway). */
const CATALOGUE_MAX_AGE = 10 * 60 * 1000;

export type KioskScreen = 'loading' | 'enrol' | 'revoked' | 'idle' | 'sign-in' | 'person' | 'unreachable';

/**
 * A hub's kiosk: enrolled once, then an idle screen, a person signed in by card and PIN, and their
 * screens, until they are done or walk away. A person's data is read with a fresh pull and held in
 * memory only: nothing of theirs is written to the device, and leaving wipes the device anyway.
 */
export class Kiosk {
  screen = $state<KioskScreen>('loading');
  home = $state<KioskHome | null>(null);
  /** Shown from what the kiosk kept, with no answer from the server. */
  offline = $state(false);
  person = $state<Me | null>(null);
  data = $state<PersonData>({});
  problem = $state<string | null>(null);
  /** Card check-ins made with no network, waiting to be sent. */
  queued = $state<QueuedCheckin[]>(kept<QueuedCheckin[]>(QUEUE) ?? []);
  /** What became of the last queued check-ins sent, for the hub's staff. */
  sent = $state<{ taken: number; refused: number } | null>(null);
  /** The hub's events as the person signed in sees them (the places they took). */
  events = $state<HubEvent[]>([]);
  /** The public catalogue, read the first time someone looks for an activity and held in memory only. */
  catalogue = $state.raw<IndexedOffer[] | null>(null);
  #catalogueAt = 0;
  /** The person's changes go out as a phone's would, from a client that lives as long as their visit. */
  #client = { id: '', seq: 0 };

  constructor(private readonly forget: (forgetting: Forgetting) => Promise<void> = forgetEverything) {}

  /** The hub's own language, which the kiosk goes back to after each person. */
  get language(): Locale {
    const language = this.home?.kiosk.language;
    return isLocale(language) ? language : 'it';
  }

  async start(): Promise<void> {
    // A person left while the network was down: their session ends on the server before anyone else comes.
    await this.catchUp();
    try {
      this.home = (await (await api.kiosk.$get()).json()) as KioskHome;
      // Kept without anyone in it, and without the place's secret: a public device keeps no key to make check-in codes with.
      keep(KEPT_HOME, { ...this.home, person: null, place: null });
      this.offline = false;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'kiosk_required') return void (this.screen = 'enrol');
      if (error instanceof ApiError && error.code === 'kiosk_revoked') return void (this.screen = 'revoked');
      const home = kept<KioskHome>(KEPT_HOME);
      if (!home) {
        this.problem = errorText(error);
        return void (this.screen = 'unreachable');
      }
      this.home = home;
      this.offline = true;
      return void (this.screen = 'idle');
    }
    // Someone still signed in here (the page was reloaded in their language): they carry on.
    if (this.home.person) await this.#open(this.home.person);
    else this.screen = 'idle';
  }

  async enrol(code: string): Promise<void> {
    await api.kiosk.enrol.$post({ json: { code } });
    location.replace('/kiosk');
  }

  /** Card and PIN: the person is signed in on this kiosk, and the kiosk speaks their language. */
  async signIn(card: string, pin: string): Promise<void> {
    // Someone left while the network was down: their session ends now, before this person's exists.
    await this.#finishLeave();
    const { me } = (await (await api.kiosk['sign-in'].$post({ json: { card, pin } })).json()) as { me: Me };
    if (me.language !== currentLocale()) return switchLanguage(me.language);
    await this.#open(me);
  }

  async #open(me: Me): Promise<void> {
    this.person = me;
    this.screen = 'person';
    this.#client = { id: crypto.randomUUID(), seq: 0 };
    await this.refresh();
  }

  /** The person's data, and the hub's events as they see them, read again (after each change). */
  async refresh(): Promise<void> {
    if (!this.person) return;
    try {
      const hubId = this.home?.page.hub.id;
      const [data, page] = await Promise.all([
        pullAll(this.person.id),
        hubId ? api.hubs[':id'].$get({ param: { id: hubId } }).then((r) => r.json()) : null,
      ]);
      this.data = data;
      this.events = (page?.events as HubEvent[] | undefined) ?? [];
      this.problem = null;
    } catch (error) {
      this.problem = errorText(error);
    }
  }

  /**
   * One change, sent at once as a phone sends it (the kiosk keeps no outbox: it is online while someone
   * is signed in). Answers why the server refused it, or null when it was applied.
   */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<string | null> {
    if (!this.person) return null;
    const mutation = {
      id: crypto.randomUUID(),
      clientId: this.#client.id,
      // Counted only once the server has answered: a push lost on the way leaves no gap for the next.
      seq: this.#client.seq + 1,
      name,
      args,
      clientTime: new Date().toISOString(),
    };
    const res = await api.sync.push.$post({ json: { userId: this.person.id, clientId: this.#client.id, mutations: [mutation] } });
    this.#client.seq = mutation.seq;
    const [result] = ((await res.json()) as PushResponse).results;
    await this.refresh();
    return result?.status === 'rejected' ? (result.message ?? m.error_internal()) : null;
  }

  /**
   * The whole catalogue, read again when older than `CATALOGUE_MAX_AGE`. It is public (anyone may read
   * it at /api/catalogue), so it stays in memory from one person to the next; it is never written down.
   */
  async openCatalogue(): Promise<void> {
    if (this.catalogue && Date.now() - this.#catalogueAt < CATALOGUE_MAX_AGE) return;
    const byId = new Map<string, IndexedOffer>();
    let since = '0';
    for (;;) {
      const delta: CatalogueDelta = await (await api.catalogue.$get({ query: { since } })).json();
      for (const offer of delta.offers) byId.set(offer.id, indexOffer(offer));
      for (const id of delta.removed) byId.delete(id);
      since = delta.cursor;
      if (!delta.more) break;
    }
    this.catalogue = [...byId.values()];
    this.#catalogueAt = Date.now();
  }

  /** Takes a place at one of the hub's events, or gives it back. */
  async takePlace(eventId: string, take: boolean): Promise<void> {
    const hubId = this.home?.page.hub.id;
    if (!hubId) return;
    try {
      await takePlace(hubId, eventId, take);
    } finally {
      await this.refresh();
    }
  }

  /** One tap: the young person checks in at this hub. */
  async checkIn(): Promise<void> {
    await api.kiosk.checkin.$post({ json: { id: crypto.randomUUID() } });
    await this.refresh();
  }

  /**
   * With no network, a card still checks a young person in here: the kiosk checks what it can (the
   * number's check digit, the QR's signature, the cards it knows have ended) and queues "this card,
   * here, now" to send with its credential later. Answers why not, or null when queued.
   */
  async queueCheckIn(text: string): Promise<string | null> {
    const ref = readCard(text);
    if (!ref) return m.field_card();
    const ended = this.home?.endedCards;
    if (ref.kind === 'number' && ended?.numbers.includes(ref.number)) return m.error_card_ended();
    if (ref.kind === 'qr') {
      if (ended?.ids.includes(ref.qr.cardId)) return m.error_card_ended();
      const key = this.home?.keys.find((k) => k.id === ref.qr.keyId);
      const raw = key ? fromBase64Url(key.publicKey) : null;
      // A browser without Ed25519 cannot check here: the server will, on receipt.
      const genuine = raw ? await verifyCardQr(ref.qr, raw).catch(() => null) : false;
      if (genuine === false) return m.error_card_invalid();
    }
    const card = ref.kind === 'number' ? ref.number : text.trim();
    this.queued = [...this.queued, { id: crypto.randomUUID(), card, at: new Date().toISOString() }];
    keep(QUEUE, this.queued);
    return null;
  }

  /** Back online: what the kiosk could not send meanwhile (a person's leave, queued check-ins) goes now. */
  async catchUp(): Promise<void> {
    await this.#finishLeave();
    await this.flush();
  }

  async #finishLeave(): Promise<void> {
    if (kept(LEAVING)) await this.forget({ language: currentLocale(), reload: false });
  }

  /** Sends the queued check-ins, if any and if the network is back, the oldest first; each answered one leaves the queue. */
  async flush(): Promise<void> {
    const sending = this.queued.slice(0, MAX_QUEUED_CHECKINS);
    if (sending.length === 0) return;
    try {
      const { results } = (await (await api.kiosk.checkins.$post({ json: { checkins: sending } })).json()) as {
        results: QueuedCheckinResult[];
      };
      const answered = new Set(results.map((r) => r.id));
      this.queued = this.queued.filter((c) => !answered.has(c.id));
      keep(QUEUE, this.queued);
      this.sent = { taken: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length };
    } catch {
      // Still offline (or the server is down): kept for the next try.
    }
  }

  /** The person is done (or walked away): everything of theirs leaves the device, and the kiosk starts over. */
  async leave(): Promise<void> {
    this.person = null;
    this.data = {};
    await this.forget({ language: this.language, reload: true });
  }
}

/** Everything the person's devices would pull, read in one go and kept in memory (a kiosk writes nothing of theirs down). */
async function pullAll(userId: string): Promise<PersonData> {
  const clientId = crypto.randomUUID();
  const data: Record<string, unknown> = {};
  let cursor: number | undefined;
  for (;;) {
    const query = { userId, clientId, ...(cursor === undefined ? {} : { cursor: String(cursor) }) };
    const page = (await (await api.sync.pull.$get({ query })).json()) as PullResponse;
    for (const change of page.changes) data[change.entity] = change.data;
    if (!page.more) return data as PersonData;
    cursor = page.cursor;
  }
}

function kept<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function keep(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage blocked: the kiosk still works online.
  }
}
