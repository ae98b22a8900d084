import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../server/store/db';
import type { LedgerService } from '../../server/services/ledger/ledger.service';
import * as calls from '../../server/store/calls';
import { insertAccounts } from '../../server/store/ledger';
import {
  callBudgetAccount,
  callBudgetId,
  householdVoucherAccount,
  householdVoucherId,
  PROGRAMME_BUDGET,
} from '../../server/services/ledger/accounts';
import { DEFAULT_RULES } from '$shared/calls';

/**
 * A voucher for a household made for a test, as a call would fund it: a call already allocated (its
 * spending deadline a year ahead), the household's application funded, the money moved by the ledger.
 */
export async function giveVoucher(
  db: Queryable,
  ledger: LedgerService,
  household: { id: string; guardianId: string },
  amountCents: number,
  now: Date,
): Promise<string> {
  const callId = randomUUID();
  const day = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  const text = { it: 'Bando di prova', en: '', ar: '', zh: '', es: '' };
  await calls.insertCall(
    db,
    callId,
    {
      name: text,
      description: { ...text, it: 'Un bando fatto da un test.' },
      budgetCents: amountCents,
      opensAt: day(-30),
      closesAt: day(-20),
      spendingDeadline: day(365),
      graceHours: 0,
      rules: DEFAULT_RULES,
    },
    null,
    now,
    'allocated',
  );
  const facts = (await calls.householdFacts(db, household.id))!;
  const applicationId = randomUUID();
  await calls.insertApplication(db, {
    id: applicationId,
    callId,
    householdId: household.id,
    code: applicationId.slice(0, 9).toUpperCase(),
    municipio: facts.municipio,
    dsu: 'INPS-ISEE-2026-00000001A-00',
    facts: { resident: true, iseeCents: 5_000_00, minors: facts.minors, disabledAdults: 0, singleParent: false },
    by: household.guardianId,
    at: now,
  });
  await db.query("UPDATE call_applications SET status = 'eligible', rank = 1, amount_cents = $2 WHERE id = $1", [
    applicationId,
    amountCents,
  ]);
  await insertAccounts(db, [callBudgetAccount(callId), householdVoucherAccount(household.id, callId, new Date(day(365)))], now);
  const results = await ledger.createTransfers([
    {
      id: randomUUID(),
      kind: 'single',
      debitAccountId: PROGRAMME_BUDGET,
      creditAccountId: callBudgetId(callId),
      amount: amountCents,
      ledger: 'EUR',
      code: 'funding',
      createdBy: 'test',
    },
    {
      id: randomUUID(),
      kind: 'single',
      debitAccountId: callBudgetId(callId),
      creditAccountId: householdVoucherId(household.id, callId),
      amount: amountCents,
      ledger: 'EUR',
      code: 'allocation',
      createdBy: 'test',
    },
  ]);
  if (results.some((r) => r !== 'ok')) throw new Error(`Test voucher refused: ${results.join(', ')}`);
  await calls.setFunded(db, [{ id: applicationId, accountId: householdVoucherId(household.id, callId) }]);
  return householdVoucherId(household.id, callId);
}
