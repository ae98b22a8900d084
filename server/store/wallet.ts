import type { Queryable } from './db';
import type { AccountKind, Ledger, TransferCode, TransferKind, WalletAccount, WalletTransfer } from '$shared/ledger';

type Owner = { type: string; id: string };

/** The ids of these owners' accounts. */
/**
 * What a transfer was for, by name: the activity of the offer it names or, for a booking, the activity
 * as it was booked (its version). Joined to the transfer table under `alias`.
 */
// The references are text (not every kind names a row by uuid): each is cast only for its own kind, so the
// joins use the primary keys instead of reading whole tables.
const refTitleJoins = (alias: string) => `
  LEFT JOIN offers ref_offer ON ref_offer.id = CASE WHEN ${alias}.ref_type = 'offer' THEN ${alias}.ref_id::uuid END
  LEFT JOIN bookings ref_booking ON ref_booking.id = CASE WHEN ${alias}.ref_type = 'booking' THEN ${alias}.ref_id::uuid END
  LEFT JOIN offer_versions ref_version ON ref_version.offer_id = ref_booking.offer_id AND ref_version.version = ref_booking.offer_version
  LEFT JOIN missions ref_mission ON ref_mission.id = CASE WHEN ${alias}.ref_type = 'mission' THEN ${alias}.ref_id::uuid END`;
const REF_TITLE = 'coalesce(ref_offer.title, ref_version.title, ref_mission.title) AS title';

export async function accountIdsOf(db: Queryable, owners: Owner[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT a.id FROM ledger_accounts a
       JOIN unnest($1::text[], $2::text[]) AS o(type, id) ON o.type = a.owner_type AND o.id = a.owner_id`,
    [owners.map((o) => o.type), owners.map((o) => o.id)],
  );
  return rows.map((r) => r.id);
}

/** The accounts of these owners, with their open holds and what each hold is for. */
export async function walletAccounts(db: Queryable, owners: Owner[]): Promise<WalletAccount[]> {
  const accounts = await db.query<{
    id: string;
    ledger: Ledger;
    kind: AccountKind;
    expires_at: Date | null;
    debits_pending: string;
    debits_posted: string;
    credits_posted: string;
  }>(
    // A voucher shows its call's spending deadline; the account stays open for the call's grace beyond it.
    `SELECT a.id, a.ledger, a.kind, coalesce(c.spending_deadline, a.expires_at) AS expires_at, b.debits_pending::text, b.debits_posted::text, b.credits_posted::text
       FROM ledger_accounts a
       JOIN ledger_balances b ON b.id = a.id
       LEFT JOIN call_applications ca ON ca.voucher_account_id = a.id
       LEFT JOIN calls c ON c.id = ca.call_id
       JOIN unnest($1::text[], $2::text[]) AS o(type, id) ON o.type = a.owner_type AND o.id = a.owner_id
      ORDER BY a.ledger DESC, a.kind, a.id`,
    [owners.map((o) => o.type), owners.map((o) => o.id)],
  );
  if (accounts.length === 0) return [];
  const holds = await db.query<{
    id: string;
    debit_account_id: string;
    amount: string;
    timeout_at: Date;
    code: TransferCode;
    ref_type: string | null;
    ref_id: string | null;
    title: Record<string, string> | null;
  }>(
    `SELECT p.id, p.debit_account_id, p.amount::text, p.timeout_at, p.code, p.ref_type, p.ref_id, ${REF_TITLE}
       FROM ledger_transfers p ${refTitleJoins('p')}
      WHERE p.kind = 'pending' AND p.debit_account_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
      ORDER BY p.timeout_at, p.id`,
    [accounts.map((a) => a.id)],
  );
  return accounts.map((a) => {
    const [held, posted, credits] = [Number(a.debits_pending), Number(a.debits_posted), Number(a.credits_posted)];
    return {
      id: a.id,
      ledger: a.ledger,
      kind: a.kind,
      balance: credits - posted,
      available: credits - posted - held,
      held,
      expiresAt: a.expires_at?.toISOString() ?? null,
      holds: holds
        .filter((h) => h.debit_account_id === a.id)
        .map((h) => ({
          transferId: h.id,
          amount: Number(h.amount),
          timeoutAt: h.timeout_at.toISOString(),
          code: h.code,
          ref: h.ref_type && h.ref_id ? { type: h.ref_type, id: h.ref_id } : null,
          title: h.title,
        })),
    };
  });
}

type HistoryRow = {
  id: string;
  seq: string;
  created_at: Date;
  ledger: Ledger;
  kind: TransferKind;
  code: TransferCode;
  amount: string;
  debit_account_id: string;
  ref_type: string | null;
  ref_id: string | null;
  title: Record<string, string> | null;
};

function toLine(row: HistoryRow, mine: Set<string>): Omit<WalletTransfer, 'reason'> {
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.created_at.toISOString(),
    ledger: row.ledger,
    kind: row.kind,
    code: row.code,
    amount: Number(row.amount),
    direction: mine.has(row.debit_account_id) ? 'out' : 'in',
    ref: row.ref_type && row.ref_id ? { type: row.ref_type, id: row.ref_id } : null,
    title: row.title,
  };
}

const HISTORY_SELECT = `SELECT t.id, t.seq::text, t.created_at, t.ledger, t.kind, t.code, t.amount::text, t.debit_account_id, t.ref_type, t.ref_id, ${REF_TITLE}
  FROM ledger_transfers t ${refTitleJoins('t')}`;

/** The transfers touching these accounts, newest first, a page at a time (keyed by `seq`, never by clock). */
export async function walletHistory(
  db: Queryable,
  accountIds: string[],
  before: number | null,
  limit: number,
): Promise<{ transfers: Omit<WalletTransfer, 'reason'>[]; next: number | null }> {
  if (accountIds.length === 0) return { transfers: [], next: null };
  const rows = await db.query<HistoryRow>(
    `${HISTORY_SELECT}
      WHERE (t.debit_account_id = ANY($1::uuid[]) OR t.credit_account_id = ANY($1::uuid[])) AND ($2::bigint IS NULL OR t.seq < $2)
      ORDER BY t.seq DESC LIMIT $3`,
    [accountIds, before, limit + 1],
  );
  const mine = new Set(accountIds);
  const page = rows.slice(0, limit).map((r) => toLine(r, mine));
  return { transfers: page, next: rows.length > limit ? page[page.length - 1].seq : null };
}

export type LedgerSummaryRow = { ledger: Ledger; kind: AccountKind; accounts: number; balance: number; held: number };

/** The city's view: accounts by kind, with their total balance and what is held. */
export async function ledgerSummary(db: Queryable): Promise<LedgerSummaryRow[]> {
  const rows = await db.query<{ ledger: Ledger; kind: AccountKind; accounts: number; balance: string; held: string }>(
    `SELECT a.ledger, a.kind, count(*)::int AS accounts, sum(b.credits_posted - b.debits_posted)::text AS balance, sum(b.debits_pending)::text AS held
       FROM ledger_accounts a JOIN ledger_balances b ON b.id = a.id GROUP BY a.ledger, a.kind ORDER BY a.ledger DESC, a.kind`,
  );
  return rows.map((r) => ({
    ledger: r.ledger,
    kind: r.kind,
    accounts: Number(r.accounts),
    balance: Number(r.balance),
    held: Number(r.held),
  }));
}

export type TransferSearch = { code?: TransferCode; account?: string; ref?: string; before?: number | null; limit: number };

export type LedgerTransferRow = Omit<WalletTransfer, 'reason'> & {
  debitKind: AccountKind;
  creditKind: AccountKind;
  createdBy: string;
  debitAccountId: string;
  creditAccountId: string;
};

/** Transfers matching a search, newest first: by reason, by account, or by the object they belong to. */
export async function searchTransfers(
  db: Queryable,
  search: TransferSearch,
): Promise<{ transfers: LedgerTransferRow[]; next: number | null }> {
  const rows = await db.query<
    HistoryRow & { credit_account_id: string; created_by: string; debit_kind: AccountKind; credit_kind: AccountKind }
  >(
    `SELECT t.id, t.seq::text, t.created_at, t.ledger, t.kind, t.code, t.amount::text, t.debit_account_id, t.credit_account_id,
            t.ref_type, t.ref_id, t.created_by, ${REF_TITLE}, d.kind AS debit_kind, c.kind AS credit_kind
       FROM ledger_transfers t
       JOIN ledger_accounts d ON d.id = t.debit_account_id
       JOIN ledger_accounts c ON c.id = t.credit_account_id
       ${refTitleJoins('t')}
      WHERE ($1::text IS NULL OR t.code = $1)
        AND ($2::uuid IS NULL OR t.debit_account_id = $2 OR t.credit_account_id = $2)
        AND ($3::text IS NULL OR t.ref_id = $3 OR t.id::text = $3)
        AND ($4::bigint IS NULL OR t.seq < $4)
      ORDER BY t.seq DESC LIMIT $5`,
    [search.code ?? null, search.account ?? null, search.ref ?? null, search.before ?? null, search.limit + 1],
  );
  const page = rows.slice(0, search.limit).map((r) => ({
    ...toLine(r, new Set([r.debit_account_id])),
    debitKind: r.debit_kind,
    creditKind: r.credit_kind,
    createdBy: r.created_by,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
  }));
  return { transfers: page, next: rows.length > search.limit ? page[page.length - 1].seq : null };
}
