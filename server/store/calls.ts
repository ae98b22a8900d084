import type { Db, Queryable } from './db';
import type { ApplicantFacts, Points } from '$shared/eligibility';
import type {
  ApplicationStatus,
  Call,
  CallDashboard,
  CallFigures,
  CallInput,
  CallRules,
  CallStatus,
  ExclusionReason,
  FamilyCall,
  MyApplication,
  RankingLine,
  ReviewLine,
} from '$shared/calls';
import { RANKING_PAGE } from '$shared/calls';
import type { Municipio } from '$shared/municipi';
import { writtenText } from '$shared/offer';

type CallRow = {
  id: string;
  name: Record<string, string>;
  description: Record<string, string>;
  status: CallStatus;
  budget_cents: string;
  opens_at: Date;
  closes_at: Date;
  spending_deadline: Date;
  grace_hours: number;
  rules: CallRules;
  created_at: Date;
  published_at: Date | null;
};
const CALL_COLUMNS =
  'c.id, c.name, c.description, c.status, c.budget_cents::text, c.opens_at, c.closes_at, c.spending_deadline, c.grace_hours, c.rules, c.created_at, c.published_at';

function toCall(row: CallRow): Call {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    budgetCents: Number(row.budget_cents),
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    spendingDeadline: row.spending_deadline.toISOString(),
    graceHours: row.grace_hours,
    rules: row.rules,
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

export async function insertCall(
  db: Queryable,
  id: string,
  input: CallInput,
  by: string | null,
  now: Date,
  status: CallStatus = 'open',
): Promise<void> {
  await db.query(
    `INSERT INTO calls (id, name, description, status, budget_cents, opens_at, closes_at, spending_deadline, grace_hours, rules, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      writtenText(input.name),
      writtenText(input.description),
      status,
      input.budgetCents,
      input.opensAt,
      input.closesAt,
      input.spendingDeadline,
      input.graceHours,
      JSON.stringify(input.rules),
      by,
      now,
    ],
  );
}

/** A call; `lock` holds its row until the transaction ends, so steps on one call go one at a time. */
export async function loadCall(db: Queryable, id: string, lock = false): Promise<Call | null> {
  const [row] = await db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? toCall(row) : null;
}

export async function listCalls(db: Queryable): Promise<Call[]> {
  return (await db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls c ORDER BY c.opens_at DESC, c.id`)).map(toCall);
}

export async function setCallStatus(db: Queryable, id: string, status: CallStatus, publishedAt?: Date): Promise<void> {
  await db.query('UPDATE calls SET status = $2, published_at = coalesce($3, published_at) WHERE id = $1', [
    id,
    status,
    publishedAt ?? null,
  ]);
}

/** A call's status and opening, its row shared until the transaction ends: the city cannot close it under an application. */
export async function shareCallOpening(db: Queryable, id: string): Promise<{ status: CallStatus; opensAt: Date } | null> {
  const [row] = await db.query<{ status: CallStatus; opens_at: Date }>('SELECT status, opens_at FROM calls WHERE id = $1 FOR SHARE', [id]);
  return row ? { status: row.status, opensAt: row.opens_at } : null;
}

/** When a call's application window closes, and the grace after it for applications made offline in time. */
export async function applicationWindowEnd(db: Queryable, id: string): Promise<{ closesAt: Date; graceHours: number } | null> {
  const [row] = await db.query<{ closes_at: Date; grace_hours: number }>('SELECT closes_at, grace_hours FROM calls WHERE id = $1', [id]);
  return row ? { closesAt: row.closes_at, graceHours: row.grace_hours } : null;
}

/** The call a household's application belongs to; null when the application is not that household's. */
export async function callOfApplication(db: Queryable, applicationId: string, householdId: string | null): Promise<string | null> {
  const [row] = await db.query<{ call_id: string }>('SELECT call_id FROM call_applications WHERE id = $1 AND household_id = $2', [
    applicationId,
    householdId,
  ]);
  return row?.call_id ?? null;
}

/** What a call's budget has left to allocate (posted in, less posted and held out). */
export async function budgetLeft(db: Queryable, budgetAccountId: string): Promise<number> {
  const [row] = await db.query<{ left: string }>(
    'SELECT (credits_posted - debits_posted - debits_pending)::text AS left FROM ledger_balances WHERE id = $1',
    [budgetAccountId],
  );
  return Number(row?.left ?? 0);
}

/**
 * A voucher's balances, its row locked until the transaction ends: a booking placing a hold on it waits
 * (and then finds what is left), so what is read here is what the caller's transfers decide on.
 */
export async function lockVoucher(db: Queryable, accountId: string): Promise<{ available: number; used: boolean; debitsPosted: number }> {
  const [row] = await db.query<{ available: string; used: boolean; debits_posted: string }>(
    'SELECT (credits_posted - debits_posted - debits_pending)::text AS available, debits_posted + debits_pending > 0 AS used, debits_posted::text FROM ledger_balances WHERE id = $1 FOR UPDATE',
    [accountId],
  );
  return { available: Number(row?.available ?? 0), used: row?.used ?? false, debitsPosted: Number(row?.debits_posted ?? 0) };
}

/** The household as the rules read it when a guardian applies: where it lives and its minors. */
export async function householdFacts(
  db: Queryable,
  householdId: string,
): Promise<{ municipio: Municipio; minors: ApplicantFacts['minors'] } | null> {
  const [household] = await db.query<{ municipio: number }>('SELECT municipio FROM households WHERE id = $1', [householdId]);
  if (!household) return null;
  const minors = await db.query<{ birth_date: string; disability: boolean }>(
    'SELECT birth_date::text AS birth_date, disability FROM minors WHERE household_id = $1 ORDER BY birth_date, id',
    [householdId],
  );
  return {
    municipio: household.municipio as Municipio,
    minors: minors.map((m) => ({ birthDate: m.birth_date, disability: m.disability })),
  };
}

export async function householdApplied(db: Queryable, callId: string, householdId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM call_applications WHERE call_id = $1 AND household_id = $2', [callId, householdId])).length > 0;
}

export async function applicationExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM call_applications WHERE id = $1', [id])).length > 0;
}

export type NewApplication = {
  id: string;
  callId: string;
  householdId: string;
  code: string;
  municipio: Municipio;
  facts: ApplicantFacts;
  dsu: string;
  by: string;
  at: Date;
};

/**
 * Stores an application; false when it could not be (its code taken, or the household's application
 * stored meanwhile by another of its devices: the caller looks again and answers accordingly).
 */
export async function insertApplication(db: Queryable, a: NewApplication): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO call_applications (id, call_id, household_id, code, status, municipio, resident, isee_cents, dsu, single_parent, disabled_adults, minors, submitted_by, submitted_at)
     VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      a.id,
      a.callId,
      a.householdId,
      a.code,
      a.municipio,
      a.facts.resident,
      a.facts.iseeCents,
      a.dsu,
      a.facts.singleParent,
      a.facts.disabledAdults,
      JSON.stringify(a.facts.minors),
      a.by,
      a.at,
    ],
  );
  return rows.length > 0;
}

export type RankingInput = { id: string; code: string; facts: ApplicantFacts; submittedAt: string; manual: boolean };

/** Every application of a call still in the ranking's hands (not declined or revoked), as the rules read them. */
export async function applicationsToRank(db: Queryable, callId: string): Promise<RankingInput[]> {
  return rankingInputs(db, `call_id = $1 AND status IN ('submitted', 'eligible', 'excluded')`, callId);
}

async function rankingInputs(db: Queryable, where: string, param: string): Promise<RankingInput[]> {
  const rows = await db.query<{
    id: string;
    code: string;
    resident: boolean;
    isee_cents: string;
    minors: ApplicantFacts['minors'];
    disabled_adults: number;
    single_parent: boolean;
    submitted_at: Date;
    exclusion: ExclusionReason | null;
  }>(
    `SELECT id, code, resident, isee_cents::text, minors, disabled_adults, single_parent, submitted_at, exclusion FROM call_applications WHERE ${where}`,
    [param],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    submittedAt: r.submitted_at.toISOString(),
    manual: r.exclusion === 'manual',
    facts: {
      resident: r.resident,
      iseeCents: Number(r.isee_cents),
      minors: r.minors,
      disabledAdults: r.disabled_adults,
      singleParent: r.single_parent,
    },
  }));
}

export type Assessed = {
  id: string;
  status: 'eligible' | 'excluded';
  exclusion: ExclusionReason | null;
  points: Points | null;
  amountCents: number | null;
  eligibleMinors: number | null;
  rank: number | null;
};

/** Writes the ranking's findings for many applications in one statement. */
export async function saveAssessments(db: Queryable, rows: Assessed[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE call_applications a
        SET status = t.status, exclusion = t.exclusion, points = t.points, points_total = (t.points ->> 'total')::int,
            amount_cents = t.amount_cents, eligible_minors = t.eligible_minors, rank = t.rank
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::int[], $6::smallint[], $7::int[]) AS t(id, status, exclusion, points, amount_cents, eligible_minors, rank)
      WHERE a.id = t.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.status),
      rows.map((r) => r.exclusion),
      rows.map((r) => (r.points ? JSON.stringify(r.points) : null)),
      rows.map((r) => r.amountCents),
      rows.map((r) => r.eligibleMinors),
      rows.map((r) => r.rank),
    ],
  );
}

/** The applications still waiting for money (or all eligible, before allocation), in rank order. */
export async function inRankOrder(
  db: Queryable,
  callId: string,
  status: 'eligible' | 'waiting' | 'funded',
): Promise<{ id: string; householdId: string; amountCents: number }[]> {
  const rows = await db.query<{ id: string; household_id: string; amount_cents: number }>(
    'SELECT id, household_id, amount_cents FROM call_applications WHERE call_id = $1 AND status = $2 ORDER BY rank',
    [callId, status],
  );
  return rows.map((r) => ({ id: r.id, householdId: r.household_id, amountCents: r.amount_cents }));
}

export async function setFunded(db: Queryable, funded: { id: string; accountId: string }[]): Promise<void> {
  if (funded.length === 0) return;
  await db.query(
    `UPDATE call_applications a SET status = 'funded', voucher_account_id = t.account FROM unnest($1::uuid[], $2::uuid[]) AS t(id, account) WHERE a.id = t.id`,
    [funded.map((f) => f.id), funded.map((f) => f.accountId)],
  );
}

export async function setWaiting(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length) await db.query(`UPDATE call_applications SET status = 'waiting' WHERE id = ANY($1::uuid[])`, [ids]);
}

export type ApplicationRow = {
  id: string;
  callId: string;
  householdId: string;
  status: ApplicationStatus;
  exclusion: ExclusionReason | null;
  amountCents: number | null;
  voucherAccountId: string | null;
};

export async function lockApplication(db: Queryable, id: string): Promise<ApplicationRow | null> {
  const [row] = await db.query<{
    id: string;
    call_id: string;
    household_id: string;
    status: ApplicationStatus;
    exclusion: ExclusionReason | null;
    amount_cents: number | null;
    voucher_account_id: string | null;
  }>(
    'SELECT id, call_id, household_id, status, exclusion, amount_cents, voucher_account_id FROM call_applications WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row
    ? {
        id: row.id,
        callId: row.call_id,
        householdId: row.household_id,
        status: row.status,
        exclusion: row.exclusion,
        amountCents: row.amount_cents,
        voucherAccountId: row.voucher_account_id,
      }
    : null;
}

export async function setApplicationStatus(
  db: Queryable,
  id: string,
  status: ApplicationStatus,
  exclusion: ExclusionReason | null,
  note: string,
): Promise<void> {
  await db.query('UPDATE call_applications SET status = $2, exclusion = $3, note = $4 WHERE id = $1', [id, status, exclusion, note]);
}

type ReviewRow = {
  id: string;
  code: string;
  municipio: number;
  status: ApplicationStatus;
  exclusion: ExclusionReason | null;
  note: string;
  rank: number | null;
  points: Points | null;
  isee_cents: string;
  minors: number;
  amount_cents: number | null;
  submitted_at: Date;
};
const REVIEW_COLUMNS = `a.id, a.code, a.municipio, a.status, a.exclusion, a.note, a.rank, a.points, a.isee_cents::text, jsonb_array_length(a.minors) AS minors, a.amount_cents, a.submitted_at`;
const toReviewLine = (r: ReviewRow): ReviewLine => ({
  applicationId: r.id,
  code: r.code,
  municipio: r.municipio as Municipio,
  status: r.status,
  exclusion: r.exclusion,
  note: r.note,
  rank: r.rank,
  points: r.points,
  iseeCents: Number(r.isee_cents),
  minors: r.minors,
  amountCents: r.amount_cents,
  submittedAt: r.submitted_at.toISOString(),
});

const FILTER_WHERE: Record<string, string> = {
  all: 'TRUE',
  eligible: `a.status IN ('eligible', 'funded', 'waiting')`,
  excluded: `a.status = 'excluded'`,
  funded: `a.status = 'funded'`,
  waiting: `a.status = 'waiting'`,
};

/** One page of a call's applications as the city reviews them: ranked ones by rank, then the rest by code. */
export async function reviewLines(
  db: Queryable,
  callId: string,
  filter: string,
  page: number,
): Promise<{ lines: ReviewLine[]; total: number; page: number }> {
  const where = FILTER_WHERE[filter] ?? 'TRUE';
  const [rows, [count]] = await Promise.all([
    db.query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM call_applications a WHERE a.call_id = $1 AND ${where}
        ORDER BY a.rank NULLS LAST, a.code LIMIT $2 OFFSET $3`,
      [callId, RANKING_PAGE, page * RANKING_PAGE],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM call_applications a WHERE a.call_id = $1 AND ${where}`, [callId]),
  ]);
  return { lines: rows.map(toReviewLine), total: count.n, page };
}

export async function reviewLine(db: Queryable, applicationId: string): Promise<ReviewLine | null> {
  const [row] = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM call_applications a WHERE a.id = $1`, [applicationId]);
  return row ? toReviewLine(row) : null;
}

/** Every application of a call for the CSV export, in the review's order. */
export async function allReviewLines(db: Queryable, callId: string): Promise<ReviewLine[]> {
  return (
    await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM call_applications a WHERE a.call_id = $1 ORDER BY a.rank NULLS LAST, a.code`, [
      callId,
    ])
  ).map(toReviewLine);
}

/** One page of the published ranking: codes, never names. */
export async function rankingLines(db: Queryable, callId: string, page: number): Promise<{ lines: RankingLine[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    db.query<{ code: string; rank: number; points_total: number; amount_cents: number; status: ApplicationStatus }>(
      `SELECT code, rank, points_total, amount_cents, status FROM call_applications
        WHERE call_id = $1 AND rank IS NOT NULL ORDER BY rank LIMIT $2 OFFSET $3`,
      [callId, RANKING_PAGE, page * RANKING_PAGE],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM call_applications WHERE call_id = $1 AND rank IS NOT NULL', [callId]),
  ]);
  return {
    lines: rows.map((r) => ({
      code: r.code,
      rank: r.rank,
      points: r.points_total,
      amountCents: r.amount_cents,
      status: r.status === 'funded' || r.status === 'waiting' ? r.status : null,
    })),
    total: count.n,
  };
}

/**
 * The money of a call's vouchers, from the transfers and the balances separately, so the report can
 * check they agree: allocated (net of what was given back) = spent + held + expired + available.
 */
const VOUCHER_MONEY = `
  WITH v AS (
    SELECT a.municipio, a.voucher_account_id AS account FROM call_applications a WHERE a.call_id = $1 AND a.voucher_account_id IS NOT NULL
  ), came AS (
    SELECT t.credit_account_id AS account, sum(t.amount) AS allocated
      FROM ledger_transfers t WHERE t.credit_account_id IN (SELECT account FROM v) AND t.code = 'allocation'
     GROUP BY t.credit_account_id
  ), went AS (
    SELECT t.debit_account_id AS account,
           coalesce(sum(t.amount) FILTER (WHERE t.code = 'allocation_return'), 0) AS returned,
           coalesce(sum(t.amount) FILTER (WHERE t.code = 'expiry_return'), 0) AS expired,
           coalesce(sum(t.amount) FILTER (WHERE t.code NOT IN ('allocation_return', 'expiry_return')), 0) AS spent
      FROM ledger_transfers t WHERE t.debit_account_id IN (SELECT account FROM v) AND t.kind IN ('single', 'post_pending')
     GROUP BY t.debit_account_id
  )
  SELECT v.municipio,
         sum(coalesce(came.allocated, 0) - coalesce(went.returned, 0))::text AS allocated, sum(coalesce(went.spent, 0))::text AS spent,
         sum(coalesce(went.expired, 0))::text AS expired, sum(b.debits_pending)::text AS held,
         sum(b.credits_posted - b.debits_posted - b.debits_pending)::text AS available
    FROM v JOIN ledger_balances b ON b.id = v.account LEFT JOIN came ON came.account = v.account LEFT JOIN went ON went.account = v.account
   GROUP BY v.municipio`;

const COUNTS = `
  SELECT municipio, count(*)::int AS applications,
         count(*) FILTER (WHERE status IN ('eligible', 'funded', 'waiting', 'declined', 'revoked'))::int AS eligible,
         count(*) FILTER (WHERE status = 'excluded')::int AS excluded,
         count(*) FILTER (WHERE status = 'funded')::int AS funded,
         count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
         count(*) FILTER (WHERE status = 'declined')::int AS declined,
         count(*) FILTER (WHERE status = 'revoked')::int AS revoked
    FROM call_applications WHERE call_id = $1 GROUP BY municipio`;

const emptyFigures = (): CallFigures => ({
  applications: 0,
  eligible: 0,
  excluded: 0,
  funded: 0,
  waiting: 0,
  declined: 0,
  revoked: 0,
  allocatedCents: 0,
  spentCents: 0,
  heldCents: 0,
  expiredCents: 0,
  availableCents: 0,
});

function add(into: CallFigures, from: CallFigures): void {
  for (const key of Object.keys(into) as (keyof CallFigures)[]) into[key] += from[key];
}

/** The call's figures overall and by municipio, and the budget left unallocated. */
export async function dashboard(db: Db, call: Call, budgetAccountId: string): Promise<CallDashboard> {
  // One snapshot for every figure: a refill committing in between would otherwise show a false mismatch.
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return figuresOf(tx, call, budgetAccountId);
  });
}

async function figuresOf(db: Queryable, call: Call, budgetAccountId: string): Promise<CallDashboard> {
  // One after another: inside a transaction the queries share one connection.
  const counts = await db.query<{
    municipio: number;
    applications: number;
    eligible: number;
    excluded: number;
    funded: number;
    waiting: number;
    declined: number;
    revoked: number;
  }>(COUNTS, [call.id]);
  const money = await db.query<{ municipio: number; allocated: string; spent: string; expired: string; held: string; available: string }>(
    VOUCHER_MONEY,
    [call.id],
  );
  const [budget] = await db.query<{ unallocated: string | null; funded: string | null }>(
    `SELECT (b.credits_posted - b.debits_posted)::text AS unallocated,
            (SELECT sum(amount) FROM ledger_transfers WHERE credit_account_id = $1 AND code = 'funding')::text AS funded
       FROM ledger_balances b WHERE b.id = $1`,
    [budgetAccountId],
  );
  // What the ranking gave each household funded (even if it later declined or was revoked), against what the ledger moved.
  const [amounts] = await db.query<{ promised: string | null; moved: string | null }>(
    `SELECT (SELECT sum(amount_cents) FROM call_applications WHERE call_id = $1 AND voucher_account_id IS NOT NULL)::text AS promised,
            (SELECT sum(amount) FROM ledger_transfers WHERE debit_account_id = $2 AND code = 'allocation')::text AS moved`,
    [call.id, budgetAccountId],
  );
  const byMunicipio = new Map<number, CallFigures & { municipio: Municipio }>();
  const of = (m: number) => byMunicipio.get(m) ?? byMunicipio.set(m, { municipio: m as Municipio, ...emptyFigures() }).get(m)!;
  for (const c of counts)
    Object.assign(of(c.municipio), {
      applications: c.applications,
      eligible: c.eligible,
      excluded: c.excluded,
      funded: c.funded,
      waiting: c.waiting,
      declined: c.declined,
      revoked: c.revoked,
    });
  for (const row of money) {
    Object.assign(of(row.municipio), {
      allocatedCents: Number(row.allocated),
      spentCents: Number(row.spent),
      expiredCents: Number(row.expired),
      heldCents: Number(row.held),
      availableCents: Number(row.available),
    });
  }
  const total = emptyFigures();
  for (const figures of byMunicipio.values()) add(total, figures);
  const unallocatedCents = Number(budget?.unallocated ?? 0);
  const reconciled =
    Number(budget?.funded ?? 0) === call.budgetCents &&
    Number(amounts?.promised ?? 0) === Number(amounts?.moved ?? 0) &&
    call.budgetCents === total.allocatedCents + unallocatedCents &&
    total.allocatedCents === total.spentCents + total.heldCents + total.expiredCents + total.availableCents;
  return {
    ...total,
    budgetCents: call.budgetCents,
    unallocatedCents,
    byMunicipio: [...byMunicipio.values()].sort((a, b) => a.municipio - b.municipio),
    reconciled,
  };
}

/** The calls a household sees: those open for applications now, and every one it applied to, with its application. */
export async function familyCalls(db: Queryable, householdId: string, now: Date): Promise<FamilyCall[]> {
  const rows = await db.query<
    CallRow & {
      a_id: string | null;
      code: string | null;
      a_status: ApplicationStatus | null;
      exclusion: ExclusionReason | null;
      note: string | null;
      submitted_at: Date | null;
      isee_cents: string | null;
      dsu: string | null;
      single_parent: boolean | null;
      disabled_adults: number | null;
      rank: number | null;
      points: Points | null;
      amount_cents: number | null;
      waiting_position: number | null;
      available: string | null;
      spent: string | null;
      held: string | null;
    }
  >(
    `SELECT ${CALL_COLUMNS}, a.id AS a_id, a.code, a.status AS a_status, a.exclusion, a.note, a.submitted_at, a.isee_cents::text, a.dsu, a.single_parent,
            a.disabled_adults, a.rank, a.points, a.amount_cents,
            CASE WHEN a.status = 'waiting' THEN (SELECT count(*)::int + 1 FROM call_applications w WHERE w.call_id = a.call_id AND w.status = 'waiting' AND w.rank < a.rank) END AS waiting_position,
            (b.credits_posted - b.debits_posted - b.debits_pending)::text AS available, b.debits_pending::text AS held,
            (SELECT coalesce(sum(t.amount), 0) FROM ledger_transfers t
              WHERE t.debit_account_id = a.voucher_account_id AND t.kind IN ('single', 'post_pending') AND t.code NOT IN ('allocation_return', 'expiry_return'))::text AS spent
       FROM calls c
       LEFT JOIN call_applications a ON a.call_id = c.id AND a.household_id = $1
       LEFT JOIN ledger_balances b ON b.id = a.voucher_account_id
      WHERE a.id IS NOT NULL OR (c.status = 'open' AND c.opens_at <= $2 AND c.closes_at > $2)
      ORDER BY c.opens_at DESC, c.id`,
    [householdId, now],
  );
  return rows.map((r) => {
    const call = toCall(r);
    const published = call.publishedAt !== null;
    const application: MyApplication | null = r.a_id
      ? {
          id: r.a_id,
          callId: call.id,
          code: r.code!,
          status: r.a_status!,
          exclusion: r.exclusion,
          note: r.note ?? '',
          submittedAt: r.submitted_at!.toISOString(),
          iseeCents: Number(r.isee_cents),
          dsu: r.dsu!,
          singleParent: r.single_parent!,
          disabledAdults: r.disabled_adults!,
          rank: published ? r.rank : null,
          points: published ? r.points : null,
          amountCents: published || r.a_status === 'funded' ? r.amount_cents : null,
          waitingPosition: r.waiting_position,
          voucher:
            r.available !== null && r.a_status === 'funded'
              ? { available: Number(r.available), spent: Number(r.spent), held: Number(r.held), deadline: call.spendingDeadline }
              : null,
        }
      : null;
    return { ...call, application };
  });
}

/**
 * The household's vouchers it may still spend, soonest deadline first: funded applications whose
 * call's spending deadline (with its grace) has not passed, with what each has free.
 */
export async function spendableVouchers(
  db: Queryable,
  householdId: string,
  now: Date,
): Promise<{ accountId: string; deadline: Date; graceMs: number; available: number }[]> {
  const rows = await db.query<{ account: string; spending_deadline: Date; grace_hours: number; available: string }>(
    `SELECT a.voucher_account_id AS account, c.spending_deadline, c.grace_hours, (b.credits_posted - b.debits_posted - b.debits_pending)::text AS available
       FROM call_applications a JOIN calls c ON c.id = a.call_id JOIN ledger_balances b ON b.id = a.voucher_account_id
      WHERE a.household_id = $1 AND a.status = 'funded' AND c.spending_deadline + make_interval(hours => c.grace_hours) > $2
      ORDER BY c.spending_deadline, a.id`,
    [householdId, now],
  );
  return rows.map((r) => ({
    accountId: r.account,
    deadline: r.spending_deadline,
    graceMs: r.grace_hours * 3_600_000,
    available: Number(r.available),
  }));
}

/** Voucher accounts past their deadline with money still free on them, a batch at a time. */
export async function expiredWithBalance(
  db: Queryable,
  callId: string,
  now: Date,
  limit: number,
): Promise<{ accountId: string; available: number; debitsPosted: number }[]> {
  const rows = await db.query<{ id: string; available: string; debits_posted: string }>(
    `SELECT acc.id, (b.credits_posted - b.debits_posted - b.debits_pending)::text AS available, b.debits_posted::text
       FROM call_applications a JOIN ledger_accounts acc ON acc.id = a.voucher_account_id JOIN ledger_balances b ON b.id = acc.id
      WHERE a.call_id = $1 AND acc.expires_at <= $2 AND b.credits_posted - b.debits_posted - b.debits_pending > 0
      ORDER BY acc.id LIMIT $3`,
    [callId, now, limit],
  );
  return rows.map((r) => ({ accountId: r.id, available: Number(r.available), debitsPosted: Number(r.debits_posted) }));
}

/** Calls whose spending deadline and grace have passed, for the scheduled sweep. */
export async function callsPastDeadline(db: Queryable, now: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM calls WHERE status IN ('allocated', 'expired') AND spending_deadline + make_interval(hours => grace_hours) <= $1 ORDER BY spending_deadline`,
    [now],
  );
  return rows.map((r) => r.id);
}

/** The facts of one application, for judging it again alone (a reinstatement). */
export async function applicationToRank(db: Queryable, id: string): Promise<RankingInput | null> {
  return (await rankingInputs(db, 'id = $1', id))[0] ?? null;
}

/** The ranked applications as the ordering reads them, in rank order. */
export async function rankedLines(
  db: Queryable,
  callId: string,
): Promise<{ id: string; code: string; points: number; iseeCents: number; minors: number; submittedAt: string; rank: number }[]> {
  const rows = await db.query<{
    id: string;
    code: string;
    points_total: number;
    isee_cents: string;
    eligible_minors: number;
    submitted_at: Date;
    rank: number;
  }>(
    'SELECT id, code, points_total, isee_cents::text, eligible_minors, submitted_at, rank FROM call_applications WHERE call_id = $1 AND rank IS NOT NULL ORDER BY rank',
    [callId],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    points: r.points_total,
    iseeCents: Number(r.isee_cents),
    minors: r.eligible_minors,
    submittedAt: r.submitted_at.toISOString(),
    rank: r.rank,
  }));
}

/** Takes one application out of the ranking (the city's exclusion); everyone below moves up one place. */
export async function excludeRanked(db: Queryable, id: string, note: string): Promise<void> {
  const [row] = await db.query<{ call_id: string; rank: number | null }>(
    `UPDATE call_applications a SET status = 'excluded', exclusion = 'manual', note = $2, rank = NULL, points = NULL, points_total = NULL, amount_cents = NULL,
            eligible_minors = NULL
       FROM call_applications old WHERE a.id = $1 AND old.id = a.id RETURNING a.call_id, old.rank`,
    [id, note],
  );
  if (row?.rank !== null && row?.rank !== undefined)
    await db.query('UPDATE call_applications SET rank = rank - 1 WHERE call_id = $1 AND rank > $2', [row.call_id, row.rank]);
}

/** Puts one application into the ranking at a place; everyone from there moves down one. */
export async function insertRanked(db: Queryable, callId: string, a: Assessed & { rank: number }): Promise<void> {
  await db.query('UPDATE call_applications SET rank = rank + 1 WHERE call_id = $1 AND rank >= $2', [callId, a.rank]);
  await saveAssessments(db, [a]);
}

/** Declined or revoked vouchers that have money free again, in calls whose vouchers may still be spent. */
export async function endedWithBalance(db: Queryable, now: Date): Promise<{ callId: string; applicationId: string; accountId: string }[]> {
  const rows = await db.query<{ call_id: string; id: string; voucher_account_id: string }>(
    `SELECT a.call_id, a.id, a.voucher_account_id FROM call_applications a JOIN calls c ON c.id = a.call_id JOIN ledger_balances b ON b.id = a.voucher_account_id
      WHERE a.status IN ('declined', 'revoked') AND c.status = 'allocated' AND c.spending_deadline > $1
        AND b.credits_posted - b.debits_posted - b.debits_pending > 0
      ORDER BY a.call_id, a.rank`,
    [now],
  );
  return rows.map((r) => ({ callId: r.call_id, applicationId: r.id, accountId: r.voucher_account_id }));
}
