import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import { derivedId } from '../ids';
import * as store from '../store/providers';
import { audit } from '../store/accounts';
import { markCancelled, takeSeat } from '../store/bookings';
import type { LedgerService } from './ledger/ledger.service';
import { Changes } from './sync/publish';
import { decide, mayEditApplication, type Application, type DecisionInput, type ProviderRecord, type ProviderStatus } from '$shared/provider';

/**
 * Accreditation (DESIGN §5): the city's decisions on providers, and an applicant's corrections. A
 * provider that stops being accredited takes its offers out of the catalogue (the feed hides them)
 * and releases every booking still open with it: the seat, the voucher's hold, and the family is told
 * why on the booking itself.
 */
export function createProviderService(db: Db, clock: Clock, ledger: LedgerService) {
  /** Cancels a provider's open bookings for the city's reason, releasing seats and voucher holds. */
  async function releaseOpenBookings(tx: Queryable, changes: Changes, providerId: string, reason: 'provider_suspended' | 'provider_revoked', by: string): Promise<number> {
    const open = await store.lockOpenBookings(tx, providerId);
    const holds = open.filter((b) => b.hold_id);
    const results = await ledger.createTransfersIn(
      tx,
      holds.map((b) => ({ id: derivedId('provider-release', b.id), kind: 'void_pending' as const, pendingId: b.hold_id!, code: 'cancellation' as const, createdBy: `user:${by}`, ref: { type: 'booking', id: b.id } })),
    );
    results.forEach((result, i) => {
      // A hold that lapsed already holds nothing: releasing it is what was wanted.
      if (result !== 'ok' && result !== 'pending_already_voided' && result !== 'pending_expired') throw new Error(`Releasing the hold of booking ${holds[i].id} was refused: ${result}`);
    });
    const now = clock.now();
    for (const booking of open) {
      await takeSeat(tx, booking.session_id, -1);
      await markCancelled(tx, booking.id, now, reason);
      changes.bookings(booking.household_id);
    }
    return open.length;
  }

  return {
    get: (id: string) => store.loadProvider(db, id),

    async list(status?: ProviderStatus) {
      const [providers, counts] = await Promise.all([store.listProviders(db, status), store.countByStatus(db)]);
      return { providers, counts };
    },

    /** The applicant corrects its application while the city has not decided; it goes back in the queue. */
    async updateApplication(providerId: string, actorId: string, app: Application): Promise<Result<{ provider: ProviderRecord }, 'not_found' | 'provider_not_editable'>> {
      return db.transaction(async (tx) => {
        const status = await store.lockStatus(tx, providerId);
        if (!status) return { ok: false, code: 'not_found' } as const;
        if (!mayEditApplication(status)) return { ok: false, code: 'provider_not_editable' } as const;
        const now = clock.now();
        await store.updateApplication(tx, providerId, app, now);
        if (status !== 'applied') await store.insertEvent(tx, { providerId, at: now, from: status, to: 'applied', reason: '', by: actorId });
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
        await store.setStatus(tx, providerId, to, reason);
        await store.insertEvent(tx, { providerId, at: now, from: status, to, reason: input.reason, by });
        const changes = new Changes();
        const released = to === 'suspended' || to === 'revoked' ? await releaseOpenBookings(tx, changes, providerId, to === 'suspended' ? 'provider_suspended' : 'provider_revoked', by) : 0;
        await changes.flush(tx, now);
        await audit(tx, { at: now, actorId: by, action: `provider_${input.decision}`, objectType: 'provider', objectId: providerId, details: { from: status, to, released } });
        return { ok: true, provider: (await store.loadProvider(tx, providerId))!, released } as const;
      });
    },
  };
}

export type ProviderService = ReturnType<typeof createProviderService>;
