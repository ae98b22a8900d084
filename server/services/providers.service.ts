import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/providers';
import { audit } from '../store/accounts';
import type { BookingsService } from './bookings.service';
import { Changes } from './sync/publish';
import {
  decide,
  mayEditApplication,
  type Application,
  type DecisionInput,
  type ProviderRecord,
  type ProviderStatus,
} from '$shared/provider';

/**
 * Accreditation: the city's decisions on providers, and an applicant's corrections. A
 * provider that stops being accredited takes its offers out of the catalogue (the feed hides them)
 * and releases every booking still open with it: the seat, the voucher's hold, and the family is told
 * why on the booking itself.
 */
export function createProvidersService(db: Db, clock: Clock, bookings: BookingsService) {
  return {
    get: (id: string) => store.loadProvider(db, id),

    async list(status?: ProviderStatus) {
      const [providers, counts] = await Promise.all([store.listProviders(db, status), store.countByStatus(db)]);
      return { providers, counts };
    },

    /** The applicant corrects its application while the city has not decided; it goes back in the queue. */
    async updateApplication(
      providerId: string,
      actorId: string,
      app: Application,
    ): Promise<Result<{ provider: ProviderRecord }, 'not_found' | 'provider_not_editable'>> {
      return db.transaction(async (tx) => {
        const status = await store.lockStatus(tx, providerId);
        if (!status) return { ok: false, code: 'not_found' } as const;
        if (!mayEditApplication(status)) return { ok: false, code: 'provider_not_editable' } as const;
        const now = clock.now();
        await store.updateApplication(tx, providerId, app, now);
        if (status !== 'applied')
          await store.insertEvent(tx, { providerId, at: now, from: status, to: 'applied', reason: '', by: actorId });
        await audit(tx, { at: now, actorId, action: 'update_application', objectType: 'provider', objectId: providerId });
        return { ok: true, provider: (await store.loadProvider(tx, providerId))! } as const;
      });
    },

    /**
     * The city decides. `expectedStatus` is what the admin was looking at: if another admin decided in
     * between, nothing changes and they are asked to look again.
     */
    async decide(
      providerId: string,
      input: DecisionInput,
      by: string,
    ): Promise<Result<{ provider: ProviderRecord; released: number }, 'not_found' | 'provider_status_changed' | 'decision_not_allowed'>> {
      return db.transaction(async (tx) => {
        const status = await store.lockStatus(tx, providerId);
        if (!status) return { ok: false, code: 'not_found' } as const;
        if (status !== input.expectedStatus) return { ok: false, code: 'provider_status_changed' } as const;
        const to = decide(status, input.decision);
        if (!to) return { ok: false, code: 'decision_not_allowed' } as const;
        const now = clock.now();
        const reason = input.decision === 'approve' ? '' : input.reason;
        // Locks in the order bookings take them — the provider (held since lockStatus; a booking share-locks
        // it first), then bookings, sessions and the ledger, the offers (through the status trigger) last —
        // so no booking, cancellation or redemption waits on this in a circle.
        const changes = new Changes();
        const released =
          to === 'suspended' || to === 'revoked'
            ? await bookings.release({ tx, changes }, { providerId }, to === 'suspended' ? 'provider_suspended' : 'provider_revoked', by)
            : 0;
        await store.setStatus(tx, providerId, to, reason);
        await store.insertEvent(tx, { providerId, at: now, from: status, to, reason: input.reason, by });
        await changes.flush(tx, now);
        await audit(tx, {
          at: now,
          actorId: by,
          action: `provider_${input.decision}`,
          objectType: 'provider',
          objectId: providerId,
          details: { from: status, to, released },
        });
        return { ok: true, provider: (await store.loadProvider(tx, providerId))!, released } as const;
      });
    },
  };
}

export type ProvidersService = ReturnType<typeof createProvidersService>;
