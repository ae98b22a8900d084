import type { Db } from '../store/db';
import { derivedId } from '../ids';
import * as store from '../store/statements';
import type { LedgerService } from './ledger/ledger.service';
import { providerPaidId, providerPayableId } from './ledger/accounts';
import { csv, type Statement } from '$shared/statements';
import type { TransferResult } from '$shared/ledger';

/**
 * Reimbursing providers: per provider and month, what families' bookings redeemed; the
 * city pays what is due with one transfer payable → paid, which names the month it pays.
 */
export function createStatementsService(db: Db, ledger: LedgerService) {
  return {
    forProvider: (providerId: string) => store.statements(db, { providerId }),
    forMonth: (month: string) => store.statements(db, { month }),

    /**
     * Pays what is due for a provider's month. The transfer's id is derived from what had been paid
     * before: a second press (or a second admin) with the same view pays nothing twice.
     */
    async pay(
      providerId: string,
      month: string,
      expectedDue: number,
      by: string,
    ): Promise<{ statement: Statement | null; result: TransferResult | 'nothing_due' | 'changed' }> {
      const [statement] = await store.statements(db, { providerId, month });
      if (!statement || statement.dueCents <= 0) return { statement: statement ?? null, result: 'nothing_due' };
      // Pay only what the person saw: a redemption since then waits for them to look again.
      if (statement.dueCents !== expectedDue) return { statement, result: 'changed' };
      const [result] = await ledger.createTransfers([
        {
          id: derivedId('reimbursement', providerId, month, String(statement.paidCents)),
          kind: 'single',
          debitAccountId: providerPayableId(providerId),
          creditAccountId: providerPaidId(providerId),
          amount: statement.dueCents,
          ledger: 'EUR',
          code: 'reimbursement',
          createdBy: `user:${by}`,
          ref: { type: 'statement', id: `${providerId}/${month}` },
        },
      ]);
      const [after] = await store.statements(db, { providerId, month });
      return { statement: after ?? null, result };
    },

    /** The ledger lines behind a provider's month, as CSV (one line per redemption, with its booking). */
    async csv(providerId: string, month: string): Promise<string> {
      const lines = await store.statementLines(db, providerId, month);
      return csv([
        ['transfer_id', 'redeemed_at', 'amount_eur', 'booking_id', 'activity', 'session_starts_at', 'recorded_by'],
        ...lines.map((l) => [
          l.transfer_id,
          new Date(l.at).toISOString(),
          (Number(l.amount) / 100).toFixed(2),
          l.booking_id,
          l.title?.it ?? null,
          l.starts_at ? new Date(l.starts_at).toISOString() : null,
          l.created_by,
        ]),
      ]);
    },
  };
}

export type StatementsService = ReturnType<typeof createStatementsService>;
