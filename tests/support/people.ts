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
    return this.t.call('POST', '/api/sync/push', { cookie: this.cookies[who], body: { userId: this.ids[who], clientId: device.clientId, mutations: [device.mutation(name, args)] } });
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
