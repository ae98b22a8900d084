import { randomUUID } from 'node:crypto';
import type { TestApp, Reply } from './app';
import { Device } from './device';
import type { Booking } from '$shared/booking';
import type { WalletAccount } from '$shared/ledger';

/**
 * Demo people signed in to a test app ('guardian' is guardian@demo.wishmi.test), acting as their
 * phones would: their session cookies and user ids, and what their devices send and receive.
 */
export class DemoPeople {
  readonly cookies: Record<string, string> = {};
  readonly ids: Record<string, string> = {};

  private constructor(private readonly t: TestApp) {}

  static async signIn(t: TestApp, who: string[]): Promise<DemoPeople> {
    const people = new DemoPeople(t);
    for (const name of who) {
      people.cookies[name] = await t.signIn(`${name}@demo.wishmi.test`);
      people.ids[name] = (await t.call('GET', '/api/me', { cookie: people.cookies[name] })).body.me.id;
    }
    return people;
  }

  /** One change sent from a new device of this person (the whole reply; `body.results[0]` is its outcome). */
  push(who: string, name: string, args: unknown): Promise<Reply> {
    const device = new Device();
    return this.t.call('POST', '/api/sync/push', {
      cookie: this.cookies[who],
      body: { userId: this.ids[who], clientId: device.clientId, mutations: [device.mutation(name, args)] },
    });
  }

  /** The household's bookings, as a new device of this person receives them. */
  async bookings(who: string): Promise<Booking[]> {
    const pull = await this.t.call('GET', `/api/sync/pull?userId=${this.ids[who]}&clientId=${randomUUID()}`, { cookie: this.cookies[who] });
    return pull.body.changes.find((c: { entity: string }) => c.entity === 'bookings').data as Booking[];
  }

  /** What this person's household voucher has free to spend. */
  async voucherAvailable(who: string): Promise<number> {
    const accounts = (await this.t.call('GET', '/api/wallet', { cookie: this.cookies[who] })).body.accounts as WalletAccount[];
    return accounts.find((a) => a.kind === 'household_voucher')!.available;
  }
}

/**
 * Gives a demo child their own youth sign-in (made 14 first if younger) from their guardian's account,
 * and signs them in: their cookie and user id.
 */
export async function youthOf(
  t: TestApp,
  guardianCookie: string,
  minorName: string,
  email: string,
): Promise<{ cookie: string; id: string }> {
  await t.db.query("UPDATE minors SET birth_date = '2012-01-10' WHERE name = $1 AND birth_date > '2012-01-10'", [minorName]);
  const [{ id: minorId }] = await t.db.query<{ id: string }>('SELECT id FROM minors WHERE name = $1', [minorName]);
  const made = await t.call('POST', `/api/household/minors/${minorId}/sign-in`, {
    cookie: guardianCookie,
    body: { email, password: 'una password lunga' },
  });
  if (made.status !== 201) throw new Error(`No sign-in for ${minorName}: ${JSON.stringify(made.body)}`);
  const cookie = await t.signIn(email, 'una password lunga');
  return { cookie, id: (await t.call('GET', '/api/me', { cookie })).body.me.id };
}
