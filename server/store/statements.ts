import type { Queryable } from './db';
import type { Statement } from '$shared/statements';
import { providerPayableId } from '../services/ledger/accounts';

const MONTH = "to_char(t.created_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM')";
/** What a provider earns: redemptions, and the milestones of micro-projects it carries out, once confirmed (not while held). */
const EARNED = "(t.code = 'redemption' OR (t.code = 'collective_funding' AND t.kind IN ('single', 'post_pending')))";

/**
 * Statements straight from the ledger: what was redeemed into each provider's payable account in a
 * month (booking holds posted by a scan, any other redemption, and confirmed milestones of the
 * micro-projects it carries out), and what the city has paid
 * against that month (reimbursements carry the month as their reference).
 */
export async function statements(db: Queryable, filter: { providerId?: string; month?: string }): Promise<Statement[]> {
  const rows = await db.query<{
    provider_id: string;
    provider_name: string;
    month: string;
    redeemed: string;
    paid: string;
    redemptions: number;
  }>(
    `WITH redeemed AS (
       SELECT p.id AS provider_id, ${MONTH} AS month, sum(t.amount) AS amount, count(*)::int AS n
         FROM providers p
         JOIN ledger_accounts a ON a.kind = 'provider_payable' AND a.owner_type = 'provider' AND a.owner_id = p.id::text
         JOIN ledger_transfers t ON t.credit_account_id = a.id AND ${EARNED}
        WHERE ($1::uuid IS NULL OR p.id = $1) AND ($2::text IS NULL OR ${MONTH} = $2)
        GROUP BY 1, 2
     ), paid AS (
       SELECT split_part(t.ref_id, '/', 1)::uuid AS provider_id, split_part(t.ref_id, '/', 2) AS month, sum(t.amount) AS amount
         FROM ledger_transfers t
        WHERE t.code = 'reimbursement' AND t.ref_type = 'statement'
        GROUP BY 1, 2
     )
     SELECT r.provider_id, p.name AS provider_name, r.month, r.amount::text AS redeemed, coalesce(paid.amount, 0)::text AS paid, r.n AS redemptions
       FROM redeemed r JOIN providers p ON p.id = r.provider_id
       LEFT JOIN paid ON paid.provider_id = r.provider_id AND paid.month = r.month
      ORDER BY r.month DESC, p.name`,
    [filter.providerId ?? null, filter.month ?? null],
  );
  return rows.map((r) => ({
    providerId: r.provider_id,
    providerName: r.provider_name,
    month: r.month,
    redeemedCents: Number(r.redeemed),
    paidCents: Number(r.paid),
    dueCents: Number(r.redeemed) - Number(r.paid),
    redemptions: Number(r.redemptions),
  }));
}

/** The ledger lines behind a provider's month: each redemption, with its booking when it has one, and each milestone paid, with its project's title. */
export async function statementLines(db: Queryable, providerId: string, month: string) {
  return db.query<{
    transfer_id: string;
    at: string;
    amount: string;
    booking_id: string | null;
    title: Record<string, string> | null;
    starts_at: string | null;
    created_by: string;
  }>(
    `SELECT t.id AS transfer_id, t.created_at AS at, t.amount::text AS amount, b.id AS booking_id, coalesce(o.title, mp.title) AS title,
            s.starts_at, t.created_by
       FROM ledger_transfers t
       LEFT JOIN bookings b ON b.id = CASE WHEN t.ref_type = 'booking' THEN t.ref_id::uuid END
       LEFT JOIN offers o ON o.id = b.offer_id
       LEFT JOIN offer_sessions s ON s.id = b.session_id
       LEFT JOIN micro_projects mp ON mp.id = CASE WHEN t.ref_type = 'micro_project' THEN t.ref_id::uuid END
      WHERE t.credit_account_id = $1 AND ${EARNED} AND ${MONTH} = $2
      ORDER BY t.created_at, t.id`,
    [providerPayableId(providerId), month],
  );
}
