import type { Ledger, TransferInput, TransferResult, TransferKind, TransferCode } from '$shared/ledger';
import { isMove, isValidAmount } from '$shared/ledger';

/** An account as the engine sees it while deciding a batch; its sums change as transfers are accepted. */
export type AccountState = {
  id: string;
  ledger: Ledger;
  debitsMustNotExceedCredits: boolean;
  closed: boolean;
  expiresAt: Date | null;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** How many times the account's sums have been written: a batch writes them only over this version. */
  version: number;
};

/** A transfer as stored: post and void transfers carry their pending transfer's accounts and ledger. */
export type StoredTransfer = {
  id: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  ledger: Ledger;
  code: TransferCode;
  pendingId: string | null;
  timeoutAt: Date | null;
  refType: string | null;
  refId: string | null;
  createdBy: string;
};

export type PendingState = StoredTransfer & { resolution: 'posted' | 'voided' | null };

export type BatchState = {
  accounts: Map<string, AccountState>;
  /** Transfers already stored whose ids the batch uses. */
  existing: Map<string, StoredTransfer>;
  /** Pending transfers the batch posts or voids, with whether they were already resolved. */
  pendings: Map<string, PendingState>;
};

export type BatchOutcome = { results: TransferResult[]; accepted: StoredTransfer[]; touched: Set<string> };

/** The accounts and pending transfers a batch needs loaded (and its accounts locked) before it is decided. */
export function batchNeeds(inputs: TransferInput[]): { accountIds: string[]; pendingIds: string[]; ids: string[] } {
  const accountIds = new Set<string>();
  const pendingIds = new Set<string>();
  for (const t of inputs) {
    if (isMove(t)) {
      accountIds.add(t.debitAccountId);
      accountIds.add(t.creditAccountId);
    } else pendingIds.add(t.pendingId);
  }
  return { accountIds: [...accountIds], pendingIds: [...pendingIds], ids: inputs.map((t) => t.id) };
}

/**
 * Decides every transfer of a batch in order, against the loaded state, and applies the accepted ones
 * to it. Pure: the caller loads the state under lock and writes back `accepted` and the `touched` accounts.
 */
export function decideBatch(inputs: TransferInput[], state: BatchState, now: Date): BatchOutcome {
  const results: TransferResult[] = [];
  const accepted: StoredTransfer[] = [];
  const touched = new Set<string>();
  const nowMs = now.getTime();

  for (const input of inputs) {
    const result = decide(input);
    results.push(result);
  }
  return { results, accepted, touched };

  function decide(input: TransferInput): TransferResult {
    const stored = state.existing.get(input.id);
    if (stored) return sameFields(input, stored) ? 'exists' : 'exists_with_different_fields';
    const ref = { refType: input.ref?.type ?? null, refId: input.ref?.id ?? null };

    if (isMove(input)) {
      if (!isValidAmount(input.amount)) return 'invalid_amount';
      if (input.debitAccountId === input.creditAccountId) return 'same_account';
      const timeoutMs = input.timeoutAt ? input.timeoutAt.getTime() : null;
      if (input.kind === 'pending' ? timeoutMs === null || !(timeoutMs > nowMs) : timeoutMs !== null) return 'invalid_timeout';
      const debit = state.accounts.get(input.debitAccountId);
      const credit = state.accounts.get(input.creditAccountId);
      if (!debit || !credit) return 'account_not_found';
      if (debit.ledger !== input.ledger || credit.ledger !== input.ledger) return 'ledger_mismatch';
      if (debit.closed || credit.closed) return 'account_closed';
      // Past its deadline an account starts no new debit; only the expiry sweep may empty it.
      if (debit.expiresAt && debit.expiresAt.getTime() <= nowMs && input.code !== 'expiry_return') return 'deadline_passed';
      if (debit.debitsMustNotExceedCredits && debit.debitsPending + debit.debitsPosted + input.amount > debit.creditsPosted)
        return 'insufficient_funds';

      const transfer: StoredTransfer = {
        id: input.id,
        kind: input.kind,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amount: input.amount,
        ledger: input.ledger,
        code: input.code,
        pendingId: null,
        timeoutAt: input.kind === 'pending' ? input.timeoutAt! : null,
        ...ref,
        createdBy: input.createdBy,
      };
      if (input.kind === 'pending') {
        debit.debitsPending += input.amount;
        credit.creditsPending += input.amount;
        state.pendings.set(transfer.id, { ...transfer, resolution: null });
      } else {
        debit.debitsPosted += input.amount;
        credit.creditsPosted += input.amount;
      }
      return accept(transfer);
    }

    const pending = state.pendings.get(input.pendingId);
    if (!pending || pending.kind !== 'pending') return 'pending_not_found';
    if (pending.resolution === 'posted') return 'pending_already_posted';
    if (pending.resolution === 'voided') return 'pending_already_voided';
    const debit = state.accounts.get(pending.debitAccountId);
    const credit = state.accounts.get(pending.creditAccountId);
    if (!debit || !credit) return 'account_not_found';

    let amount = pending.amount;
    if (input.kind === 'post_pending') {
      if (input.amount !== undefined) {
        if (!isValidAmount(input.amount)) return 'invalid_amount';
        if (input.amount > pending.amount) return 'amount_exceeds_pending';
        amount = input.amount;
      }
      // A hold that has lapsed can no longer be taken; voiding it (what the sweeper does) still can.
      if (pending.timeoutAt && pending.timeoutAt.getTime() <= nowMs) return 'pending_expired';
    }

    debit.debitsPending -= pending.amount;
    credit.creditsPending -= pending.amount;
    if (input.kind === 'post_pending') {
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
    }
    pending.resolution = input.kind === 'post_pending' ? 'posted' : 'voided';
    return accept({
      id: input.id,
      kind: input.kind,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      amount,
      ledger: pending.ledger,
      code: input.code ?? pending.code,
      pendingId: pending.id,
      timeoutAt: null,
      ...ref,
      createdBy: input.createdBy,
    });
  }

  function accept(transfer: StoredTransfer): TransferResult {
    accepted.push(transfer);
    state.existing.set(transfer.id, transfer);
    touched.add(transfer.debitAccountId);
    touched.add(transfer.creditAccountId);
    return 'ok';
  }
}

/** Whether a replayed transfer asks for exactly what was stored under its id. */
export function sameFields(input: TransferInput, stored: StoredTransfer): boolean {
  if (input.kind !== stored.kind) return false;
  if ((input.ref?.type ?? null) !== stored.refType || (input.ref?.id ?? null) !== stored.refId) return false;
  if (isMove(input)) {
    return (
      input.debitAccountId === stored.debitAccountId &&
      input.creditAccountId === stored.creditAccountId &&
      input.amount === stored.amount &&
      input.ledger === stored.ledger &&
      input.code === stored.code &&
      (input.timeoutAt?.getTime() ?? null) === (stored.timeoutAt?.getTime() ?? null)
    );
  }
  if (input.pendingId !== stored.pendingId) return false;
  if (input.code !== undefined && input.code !== stored.code) return false;
  return input.kind === 'void_pending' || input.amount === undefined || input.amount === stored.amount;
}
