import type { Queryable, Statement } from './db';
import type { AccountInput, Ledger, TransferCode, TransferKind } from '$shared/ledger';
import type { AccountState, PendingState, StoredTransfer } from '../services/ledger/engine';

type TransferRow = {
  id: string;
  kind: TransferKind;
  debit_account_id: string;
  credit_account_id: string;
  amount: string | number | bigint;
  ledger: Ledger;
  code: TransferCode;
  pending_id: string | null;
  timeout_at: Date | null;
  ref_type: string | null;
  ref_id: string | null;
  created_by: string;
};

export function toTransfer(row: TransferRow): StoredTransfer {
  return {
    id: row.id,
    kind: row.kind,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: Number(row.amount),
    ledger: row.ledger,
    code: row.code,
    pendingId: row.pending_id,
    timeoutAt: row.timeout_at,
    refType: row.ref_type,
    refId: row.ref_id,
    createdBy: row.created_by,
  };
}

const TRANSFER_COLUMNS =
  'id, kind, debit_account_id, credit_account_id, amount, ledger, code, pending_id, timeout_at, ref_type, ref_id, created_by';

/** Inserts the accounts that do not exist yet; answers which were inserted, and every row now stored under the ids. */
export async function insertAccounts(db: Queryable, accounts: AccountInput[], now: Date) {
  const inserted = await db.query<{ id: string }>(
    `WITH account AS (
       INSERT INTO ledger_accounts (id, ledger, kind, owner_type, owner_id, debits_must_not_exceed_credits, expires_at, created_at)
       SELECT id, ledger, kind, owner_type, owner_id, flagged, expires_at, $8
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::timestamptz[])
           AS t(id, ledger, kind, owner_type, owner_id, flagged, expires_at)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, debits_must_not_exceed_credits
     )
     INSERT INTO ledger_balances (id, debits_must_not_exceed_credits) SELECT id, debits_must_not_exceed_credits FROM account
     RETURNING id`,
    [
      accounts.map((a) => a.id),
      accounts.map((a) => a.ledger),
      accounts.map((a) => a.kind),
      accounts.map((a) => a.ownerType),
      accounts.map((a) => a.ownerId),
      accounts.map((a) => a.debitsMustNotExceedCredits),
      accounts.map((a) => a.expiresAt ?? null),
      now,
    ],
  );
  const stored = await db.query<{
    id: string;
    ledger: Ledger;
    kind: string;
    owner_type: string;
    owner_id: string;
    debits_must_not_exceed_credits: boolean;
    expires_at: Date | null;
  }>(
    'SELECT id, ledger, kind, owner_type, owner_id, debits_must_not_exceed_credits, expires_at FROM ledger_accounts WHERE id = ANY($1::uuid[])',
    [accounts.map((a) => a.id)],
  );
  return { inserted: new Set(inserted.map((r) => r.id)), stored };
}

/**
 * Reads the accounts a batch touches, locked in id order (so two batches never wait on each other in a
 * circle). PGlite runs one transaction at a time, so there it needs, and pays for, no row locks.
 */
export async function lockAccounts(db: Queryable, ids: string[], rowLocks: boolean): Promise<AccountState[]> {
  if (ids.length === 0) return [];
  // One JSON value instead of a row per account: decoding rows column by column costs more than the query.
  const [row] = await db.query<{ accounts: string | null }>(
    `SELECT json_agg(json_build_array(a.id, a.ledger, a.debits_must_not_exceed_credits, a.closed, a.expires_at,
                                      b.debits_pending, b.debits_posted, b.credits_pending, b.credits_posted, b.version))::text AS accounts
       FROM (SELECT * FROM ledger_balances WHERE id = ANY($1::uuid[]) ORDER BY id${rowLocks ? ' FOR UPDATE' : ''}) b
       JOIN ledger_accounts a ON a.id = b.id`,
    [ids],
  );
  const list = JSON.parse(row.accounts ?? '[]') as [
    string,
    Ledger,
    boolean,
    boolean,
    string | null,
    number,
    number,
    number,
    number,
    number,
  ][];
  return list.map(([id, ledger, flagged, closed, expiresAt, dp, dpo, cp, cpo, version]) => ({
    id,
    ledger,
    debitsMustNotExceedCredits: flagged,
    closed,
    expiresAt: expiresAt ? new Date(expiresAt) : null,
    debitsPending: Number(dp),
    debitsPosted: Number(dpo),
    creditsPending: Number(cp),
    creditsPosted: Number(cpo),
    version: Number(version),
  }));
}

export async function findTransfers(db: Queryable, ids: string[]): Promise<StoredTransfer[]> {
  if (ids.length === 0) return [];
  return (await db.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ANY($1::uuid[])`, [ids])).map(
    toTransfer,
  );
}

/** The pending transfers' accounts, read before locking them. */
export async function pendingAccountIds(db: Queryable, pendingIds: string[]): Promise<string[]> {
  if (pendingIds.length === 0) return [];
  const rows = await db.query<{ debit_account_id: string; credit_account_id: string }>(
    "SELECT debit_account_id, credit_account_id FROM ledger_transfers WHERE id = ANY($1::uuid[]) AND kind = 'pending'",
    [pendingIds],
  );
  return rows.flatMap((r) => [r.debit_account_id, r.credit_account_id]);
}

/** Pending transfers with how they were resolved, if they were; read after their accounts are locked. */
export async function findPendings(db: Queryable, pendingIds: string[]): Promise<PendingState[]> {
  if (pendingIds.length === 0) return [];
  const rows = await db.query<TransferRow & { resolved_kind: TransferKind | null }>(
    `SELECT p.id, p.kind, p.debit_account_id, p.credit_account_id, p.amount, p.ledger, p.code, p.pending_id, p.timeout_at,
            p.ref_type, p.ref_id, p.created_by, r.kind AS resolved_kind
       FROM ledger_transfers p LEFT JOIN ledger_transfers r ON r.pending_id = p.id
      WHERE p.id = ANY($1::uuid[])`,
    [pendingIds],
  );
  return rows.map((row) => ({
    ...toTransfer(row),
    resolution: row.resolved_kind === 'post_pending' ? 'posted' : row.resolved_kind === 'void_pending' ? 'voided' : null,
  }));
}

/** The columns a transfer is written with, in order, with the type each is sent as. */
const INSERTED: [column: string, type: string, value: (t: StoredTransfer) => unknown][] = [
  ['id', 'uuid', (t) => t.id],
  ['kind', 'text', (t) => t.kind],
  ['debit_account_id', 'uuid', (t) => t.debitAccountId],
  ['credit_account_id', 'uuid', (t) => t.creditAccountId],
  ['amount', 'bigint', (t) => t.amount],
  ['ledger', 'text', (t) => t.ledger],
  ['code', 'text', (t) => t.code],
  ['pending_id', 'uuid', (t) => t.pendingId],
  ['timeout_at', 'timestamptz', (t) => t.timeoutAt],
  ['ref_type', 'text', (t) => t.refType],
  ['ref_id', 'text', (t) => t.refId],
  ['created_by', 'text', (t) => t.createdBy],
];

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * The INSERT of a batch's transfers, which must insert every one. An id already stored fails it with a
 * unique violation (23505), which the ledger answers by deciding the batch again, looking for replays:
 * cheaper than `ON CONFLICT DO NOTHING`, whose check before every row costs a tenth of the insert. A
 * column with one value for the whole batch (the kind, the ledger, no hold …) is sent once, not once
 * per row: sending and parsing those arrays cost a sixth of the insert.
 */
export function insertTransfersStatement(transfers: StoredTransfer[], now: Date): Statement {
  if (transfers.length === 0) throw new Error('No transfers to insert.');
  const params: unknown[] = [now];
  const arrays: string[] = [];
  const names: string[] = [];
  const selected = INSERTED.map(([column, type, value]) => {
    const values = transfers.map(value);
    if (values.every((v) => sameValue(v, values[0]))) {
      params.push(values[0]);
      return `$${params.length}::${type}`;
    }
    params.push(values);
    arrays.push(`$${params.length}::${type}[]`);
    names.push(column);
    return `t.${column}`;
  });
  // A hold and its post in one batch keep their order in `seq`; a batch of moves only needs no sort.
  const ordered = transfers.some((t) => t.pendingId !== null);
  const source = !arrays.length
    ? 'FROM (VALUES (1)) AS t(n)'
    : `FROM unnest(${arrays.join(', ')})${ordered ? ' WITH ORDINALITY' : ''} AS t(${names.join(', ')}${ordered ? ', n' : ''})`;
  return {
    sql: `INSERT INTO ledger_transfers (${INSERTED.map(([column]) => column).join(', ')}, created_at)
          SELECT ${selected.join(', ')}, $1::timestamptz ${source}${ordered ? ' ORDER BY t.n' : ''}`,
    params,
    expect: transfers.length,
  };
}

/**
 * The UPDATE of the new sums of the accounts a batch changed, each only if its row still holds the
 * version the batch decided on (it then counts one more write): it must update every one.
 */
export function writeAccountSumsStatement(accounts: AccountState[]): Statement {
  return {
    sql: `UPDATE ledger_balances a
             SET debits_pending = t.dp, debits_posted = t.dpo, credits_pending = t.cp, credits_posted = t.cpo, version = t.v + 1
            FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]) AS t(id, dp, dpo, cp, cpo, v)
           -- Naming the ids on the table too lets the planner fetch just these rows by primary key, instead
           -- of reading every account to hash-join them (which grows with the city, not the batch).
           WHERE a.id = t.id AND a.version = t.v AND a.id = ANY($1::uuid[])`,
    params: [
      accounts.map((a) => a.id),
      accounts.map((a) => a.debitsPending),
      accounts.map((a) => a.debitsPosted),
      accounts.map((a) => a.creditsPending),
      accounts.map((a) => a.creditsPosted),
      accounts.map((a) => a.version),
    ],
    expect: accounts.length,
  };
}

/**
 * A statement that must find every one of these accounts at the version it was read at: a batch
 * decided on states read before its transaction (the pipeline's) proves with it that the accounts it
 * only read, for a refusal or a check, had not moved on when it committed.
 */
export function versionsHeldStatement(accounts: AccountState[]): Statement {
  return {
    sql: `SELECT b.id FROM ledger_balances b JOIN unnest($1::uuid[], $2::bigint[]) AS t(id, v) ON b.id = t.id AND b.version = t.v
           WHERE b.id = ANY($1::uuid[])`,
    params: [accounts.map((a) => a.id), accounts.map((a) => a.version)],
    expect: accounts.length,
  };
}

/** A statement that must find none of these transfer ids stored. */
export function noneStoredStatement(ids: string[]): Statement {
  return { sql: 'SELECT id FROM ledger_transfers WHERE id = ANY($1::uuid[]) LIMIT 1', params: [ids], expect: 0 };
}

/** Holds past their timeout that nobody has posted or voided yet, oldest first. */
export async function lapsedHolds(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT p.id FROM ledger_transfers p
      WHERE p.kind = 'pending' AND p.timeout_at <= $1
        AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
      ORDER BY p.timeout_at, p.id LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.id);
}

export type InvariantCheck = {
  id: 'balanced' | 'not_negative' | 'sums_match' | 'resolved_once' | 'deadlines_kept';
  name: string;
  ok: boolean;
  detail: string;
};

/** The ledger's invariants, each checked with one query against the stored data. */
export async function checkInvariants(db: Queryable): Promise<InvariantCheck[]> {
  const checks: InvariantCheck[] = [];

  const ledgers = await db.query<{ ledger: string; dp: string; cp: string; dpo: string; cpo: string }>(
    `SELECT a.ledger, sum(b.debits_pending)::text AS dp, sum(b.credits_pending)::text AS cp, sum(b.debits_posted)::text AS dpo, sum(b.credits_posted)::text AS cpo
       FROM ledger_accounts a JOIN ledger_balances b ON b.id = a.id GROUP BY a.ledger ORDER BY a.ledger`,
  );
  const unbalanced = ledgers.filter((l) => l.dp !== l.cp || l.dpo !== l.cpo);
  checks.push({
    id: 'balanced',
    name: 'per ledger, debits equal credits (posted and pending)',
    ok: unbalanced.length === 0,
    detail: ledgers.map((l) => `${l.ledger}: posted ${l.dpo}/${l.cpo}, pending ${l.dp}/${l.cp}`).join('; ') || 'no accounts',
  });

  const [negative] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_accounts a LEFT JOIN ledger_balances b ON b.id = a.id
      WHERE b.id IS NULL OR b.debits_must_not_exceed_credits <> a.debits_must_not_exceed_credits
         OR (a.debits_must_not_exceed_credits AND b.debits_pending + b.debits_posted > b.credits_posted)`,
  );
  checks.push({
    id: 'not_negative',
    name: 'no flagged account below zero (pending debits counted)',
    ok: Number(negative.n) === 0,
    detail: `${negative.n} account(s) below zero or without their balance`,
  });

  const [mismatched] = await db.query<{ n: number }>(
    `WITH resolved AS (SELECT pending_id FROM ledger_transfers WHERE pending_id IS NOT NULL),
          legs AS (
            SELECT debit_account_id AS account, kind, amount, id, true AS is_debit FROM ledger_transfers
            UNION ALL
            SELECT credit_account_id, kind, amount, id, false FROM ledger_transfers
          ),
          sums AS (
            SELECT account,
                   coalesce(sum(amount) FILTER (WHERE is_debit AND kind = 'pending' AND id NOT IN (SELECT pending_id FROM resolved)), 0) AS dp,
                   coalesce(sum(amount) FILTER (WHERE is_debit AND kind IN ('single', 'post_pending')), 0) AS dpo,
                   coalesce(sum(amount) FILTER (WHERE NOT is_debit AND kind = 'pending' AND id NOT IN (SELECT pending_id FROM resolved)), 0) AS cp,
                   coalesce(sum(amount) FILTER (WHERE NOT is_debit AND kind IN ('single', 'post_pending')), 0) AS cpo
              FROM legs GROUP BY account
          )
     SELECT count(*)::int AS n
       FROM ledger_balances a LEFT JOIN sums s ON s.account = a.id
      WHERE a.debits_pending <> coalesce(s.dp, 0) OR a.debits_posted <> coalesce(s.dpo, 0)
         OR a.credits_pending <> coalesce(s.cp, 0) OR a.credits_posted <> coalesce(s.cpo, 0)`,
  );
  const [strays] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_transfers t
       LEFT JOIN ledger_accounts d ON d.id = t.debit_account_id
       LEFT JOIN ledger_accounts c ON c.id = t.credit_account_id
      WHERE d.id IS NULL OR c.id IS NULL OR d.ledger <> t.ledger OR c.ledger <> t.ledger`,
  );
  checks.push({
    id: 'sums_match',
    name: 'every account’s sums equal the sums of its transfers, and every transfer’s accounts exist on its ledger',
    ok: Number(mismatched.n) === 0 && Number(strays.n) === 0,
    detail: `${mismatched.n} account(s) differ, ${strays.n} transfer(s) name a missing account or another ledger`,
  });

  const [twice] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT pending_id FROM ledger_transfers WHERE pending_id IS NOT NULL GROUP BY pending_id HAVING count(*) > 1) x',
  );
  const [orphans] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_transfers r LEFT JOIN ledger_transfers p ON p.id = r.pending_id
      WHERE r.pending_id IS NOT NULL
        AND (p.id IS NULL OR p.kind <> 'pending' OR r.debit_account_id <> p.debit_account_id OR r.credit_account_id <> p.credit_account_id
             OR (r.kind = 'post_pending' AND (r.amount > p.amount OR r.created_at >= p.timeout_at)))`,
  );
  checks.push({
    id: 'resolved_once',
    name: 'no pending transfer resolved twice, beyond what it held, or posted after it lapsed',
    ok: Number(twice.n) === 0 && Number(orphans.n) === 0,
    detail: `${twice.n} resolved twice, ${orphans.n} resolutions without a matching, open hold`,
  });
  const [late] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id
      WHERE t.kind IN ('single', 'pending') AND a.expires_at IS NOT NULL AND t.created_at >= a.expires_at AND t.code <> 'expiry_return'`,
  );
  checks.push({
    id: 'deadlines_kept',
    name: 'no account started a debit after its deadline, except the expiry return',
    ok: Number(late.n) === 0,
    detail: `${late.n} transfer(s) after their account's deadline`,
  });
  return checks;
}
