/**
 * The wallet ledger's vocabulary (after TigerBeetle): accounts on two ledgers, immutable
 * transfers, and one result code per transfer. Amounts are integers: euro cents on EUR, points on CREDIT.
 */

export const LEDGERS = ['EUR', 'CREDIT'] as const;
export type Ledger = (typeof LEDGERS)[number];

/** What an account is for. */
export const ACCOUNT_KINDS = [
  /** Where the city's money enters the programme; it may go below zero (it is the outside world). */
  'city_funding',
  'programme_budget',
  'call_budget',
  'household_voucher',
  'hub_collective',
  /** What a group carrying out a micro-project (not a provider) has been paid, milestone by milestone. */
  'project_payee',
  /** A collective voucher: what the city funded a school's, an association's or a group's application with. */
  'collective_voucher',
  'provider_payable',
  'provider_paid',
  'expired_return',
  /** Where credits are created; like city_funding, it may go below zero. */
  'credit_mint',
  'youth_credit',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Why a transfer was made: shown to people as a reason in their language (`transfer_reason_<code>`). */
export const TRANSFER_CODES = [
  'funding',
  'allocation',
  'booking_hold',
  'redemption',
  'cancellation',
  'hold_expired',
  'refund',
  'expiry_return',
  'reimbursement',
  'welcome_grant',
  'mission_reward',
  /** Credits for checking in at a hub or an activity. */
  'checkin_reward',
  /** Credits for an opportunity a youth or a hub offers: held when taken, posted when it happened. */
  'opportunity',
  'credit_spend',
  'collective_funding',
  /** A declined or revoked voucher's unspent money, back to its call for the next household. */
  'allocation_return',
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

/** A plain transfer moves money at once; a pending one holds it until it is posted or voided. */
export const TRANSFER_KINDS = ['single', 'pending', 'post_pending', 'void_pending'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const TRANSFER_RESULTS = [
  'ok',
  /** The same id with the same fields: a replay, not an error; nothing moves. */
  'exists',
  'exists_with_different_fields',
  'invalid_amount',
  'invalid_timeout',
  'insufficient_funds',
  'account_not_found',
  'ledger_mismatch',
  'same_account',
  'account_closed',
  'pending_not_found',
  'pending_already_posted',
  'pending_already_voided',
  'pending_expired',
  'amount_exceeds_pending',
  'deadline_passed',
] as const;
export type TransferResult = (typeof TRANSFER_RESULTS)[number];

/** The domain object a transfer belongs to: a booking, a call, a mission… */
export type Reference = { type: string; id: string };

type Common = {
  /** Chosen by the caller and used as the idempotency key. */
  id: string;
  /** Who or what caused it: `user:<id>`, `job:<name>`, `system:<what>`. */
  createdBy: string;
  ref?: Reference | null;
};

/** A transfer that moves money now (`single`) or holds it (`pending`). */
export type MoveInput = Common & {
  kind: 'single' | 'pending';
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  ledger: Ledger;
  code: TransferCode;
  /** Required for a pending transfer: when the hold lapses if nobody posts or voids it. */
  timeoutAt?: Date | null;
};

/** Takes a hold: all of it, or less for a partial post (the rest is released). */
export type PostInput = Common & { kind: 'post_pending'; pendingId: string; amount?: number; code?: TransferCode };

/** Releases a hold. */
export type VoidInput = Common & { kind: 'void_pending'; pendingId: string; code?: TransferCode };

export type TransferInput = MoveInput | PostInput | VoidInput;

export function isMove(input: TransferInput): input is MoveInput {
  return input.kind === 'single' || input.kind === 'pending';
}

export type AccountInput = {
  id: string;
  ledger: Ledger;
  kind: AccountKind;
  ownerType: 'city' | 'household' | 'user' | 'provider' | 'hub' | 'call' | 'project' | 'collective_application';
  ownerId: string;
  /** Refuse any debit that would take posted credits below posted plus pending debits. */
  debitsMustNotExceedCredits: boolean;
  /** After this, no new debit may start from the account (held money may still be posted). */
  expiresAt?: Date | null;
};

export type AccountBalances = { debitsPending: number; debitsPosted: number; creditsPending: number; creditsPosted: number };

/** What the account holds once everything posted is counted. */
export function balanceOf(a: AccountBalances): number {
  return a.creditsPosted - a.debitsPosted;
}

/** What can still be spent: the balance less what is held for pending debits. */
export function availableOf(a: AccountBalances): number {
  return a.creditsPosted - a.debitsPosted - a.debitsPending;
}

/** A valid amount: a whole, positive number that JavaScript holds exactly. */
export function isValidAmount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
}

/** A hold on a wallet: money set aside for something not yet paid. */
export type WalletHold = {
  transferId: string;
  amount: number;
  timeoutAt: string;
  code: TransferCode;
  ref: Reference | null;
  /** The title of what the money is held for (an activity), by language, when known. */
  title: Record<string, string> | null;
};

export type WalletAccount = {
  id: string;
  ledger: Ledger;
  kind: AccountKind;
  balance: number;
  available: number;
  held: number;
  /** The spending deadline of a voucher, as an ISO instant. */
  expiresAt: string | null;
  holds: WalletHold[];
};

/** One line of a wallet's history, seen from the wallet's side. */
export type WalletTransfer = {
  id: string;
  seq: number;
  at: string;
  ledger: Ledger;
  kind: TransferKind;
  code: TransferCode;
  amount: number;
  direction: 'in' | 'out';
  ref: Reference | null;
  title: Record<string, string> | null;
  /** Why, in the reader's language: the reason and, when known, what it was for. */
  reason: string;
};

export type TransferPage = { transfers: WalletTransfer[]; next: number | null };

/** Whole days and hours until a deadline, never negative: for "12 days left". */
export function timeLeft(deadline: Date, now: Date): { days: number; hours: number; passed: boolean } {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return { days: 0, hours: 0, passed: true };
  const hours = Math.floor(ms / 3_600_000);
  return { days: Math.floor(hours / 24), hours: hours % 24, passed: false };
}
