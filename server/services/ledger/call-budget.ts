import type { Queryable } from '../../store/db';
import { Refused } from '../../errors';
import { derivedId } from '../../ids';
import { insertAccounts } from '../../store/ledger';
import type { LedgerService } from './ledger.service';
import { callBudgetAccount, callBudgetId, PROGRAMME_BUDGET } from './accounts';

/**
 * A new call's budget, moved from the programme's into the call's own account, in the caller's
 * transaction (a household call and a collective call alike). A programme that cannot cover it refuses
 * the call (`call_budget_insufficient`).
 */
export async function fundCallBudget(
  tx: Queryable,
  ledger: LedgerService,
  call: { id: string; amount: number; refType: 'call' | 'collective_call'; by: string; now: Date },
): Promise<void> {
  await insertAccounts(tx, [callBudgetAccount(call.id)], call.now);
  const [result] = await ledger.createTransfersIn(tx, [
    {
      id: derivedId(call.refType === 'call' ? 'call-funding' : 'collective-call-funding', call.id),
      kind: 'single',
      debitAccountId: PROGRAMME_BUDGET,
      creditAccountId: callBudgetId(call.id),
      amount: call.amount,
      ledger: 'EUR',
      code: 'funding',
      createdBy: `user:${call.by}`,
      ref: { type: call.refType, id: call.id },
    },
  ]);
  if (result === 'insufficient_funds') throw new Refused('call_budget_insufficient');
  if (result !== 'ok') throw new Error(`Funding call ${call.id} was refused: ${result}`);
}
