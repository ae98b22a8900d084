import { createServices, type Services } from '../../server/services';
import { ManualClock } from '../../server/clock';
import { TEST_CONFIG, type Config } from '../../server/config';
import { newApp, type App } from '../../server/app';
import type { DatabaseKind, Db } from '../../server/store/db';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo';
import { openTestDb } from './database';
import type { CatalogueDelta } from '$shared/catalogue';

export { DEMO_PASSWORD };

export type Reply<T = any> = { status: number; body: T; headers: Headers };

export type CallOptions = { body?: unknown; cookie?: string | null; headers?: Record<string, string>; raw?: string };

/** The app in-process over a fresh database, with a clock the test moves. */
export class TestApp {
  private constructor(
    readonly app: App,
    readonly db: Db,
    readonly clock: ManualClock,
    /** The app's own services (jobs the server runs on a timer, run by the test when it wants). */
    readonly services: Services,
  ) {}

  static async start(kind: DatabaseKind, options: { demo?: boolean; now?: string; config?: Partial<Config> } = {}): Promise<TestApp> {
    const db = await openTestDb(kind);
    const clock = new ManualClock(options.now ?? '2026-11-25T10:00:00Z');
    if (options.demo ?? true) await seedDemo(db, clock.now());
    const services = createServices(db, clock);
    return new TestApp(newApp({ db, clock, config: { ...TEST_CONFIG, ...options.config }, services }), db, clock, services);
  }

  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'accept-language': 'en', ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const res = await this.app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the raw text is the body.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /**
   * The catalogue's changes since a cursor, asked again until `ready` holds (up to 20 s): the feed only
   * reads below the oldest transaction still running on the database server, and tests running at the
   * same time (a Milan-sized allocation) may hold one open for seconds.
   */
  async catalogueSince(cursor: string, ready: (delta: CatalogueDelta) => boolean): Promise<CatalogueDelta> {
    for (let waited = 0; ; waited += 100) {
      const delta = (await this.call<CatalogueDelta>('GET', `/api/catalogue?since=${encodeURIComponent(cursor)}`)).body;
      if (ready(delta) || waited >= 20_000) return delta;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Signs in and returns the cookie header that carries the session. */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.call('POST', '/api/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`Sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return sessionCookie(res.headers);
  }

  /** Enrols a kiosk at the operator's hub (as that operator) and returns the cookie header that carries its credential. */
  async enrolKiosk(operatorEmail = 'hub@demo.wishmi.test', name = 'Kiosk'): Promise<string> {
    const operator = await this.signIn(operatorEmail);
    const made = await this.call('POST', '/api/hub/kiosks/enrolments', { cookie: operator, body: { name } });
    if (made.status !== 201) throw new Error(`No enrolment code: ${made.status} ${JSON.stringify(made.body)}`);
    const res = await this.call('POST', '/api/kiosk/enrol', { body: { code: made.body.enrolment.code } });
    if (res.status !== 201) throw new Error(`Enrolment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return kioskCookie(res.headers);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

export function kioskCookie(headers: Headers): string {
  const match = /wishmi_kiosk=([^;]*)/.exec(headers.get('set-cookie') ?? '');
  if (!match) throw new Error('No kiosk cookie');
  return `wishmi_kiosk=${match[1]}`;
}

export function sessionCookie(headers: Headers): string {
  const set = headers.get('set-cookie') ?? '';
  // The last one set wins, as in a browser (a stale one may be cleared first in the same answer).
  const match = [...set.matchAll(/wishmi_session=([^;]*)/g)].at(-1);
  if (!match) throw new Error(`No session cookie in: ${set}`);
  return `wishmi_session=${match[1]}`;
}

/** Counts rows, to prove a refused request changed nothing. */
export async function count(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(row.n);
}
