import type { Queryable } from './db';
import type { Locale } from '$shared/locale';
import type { Category } from '$shared/category';
import {
  firstName,
  type HubOpportunity,
  type MarketOpportunity,
  type MyOpportunity,
  type MyTake,
  type OpportunityInput,
  type OpportunityStatus,
  type TakeStatus,
} from '$shared/opportunities';

type Row = {
  id: string;
  hub_id: string;
  hub_name: string;
  seller_id: string | null;
  seller_name: string | null;
  title: string;
  description: string;
  language: Locale;
  category: Category | null;
  credit_price: number;
  places: number;
  taken: number;
  status: OpportunityStatus;
  reason: string;
  created_at: Date;
};
/** Places that stand: done, or held with a hold the ledger has not voided (a lapsed hold frees its place at once). */
const LIVE_TAKEN = `(SELECT count(*)::int FROM opportunity_takes t WHERE t.opportunity_id = o.id AND (t.status = 'done' OR (t.status = 'held'
  AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.hold_id AND r.kind = 'void_pending'))))`;
const COLUMNS = `o.id, o.hub_id, h.name AS hub_name, o.seller_id, m.name AS seller_name, o.title, o.description, o.language, o.category, o.credit_price, o.places,
  ${LIVE_TAKEN} AS taken, o.status, o.reason, o.created_at`;
const FROM = 'FROM opportunities o JOIN hubs h ON h.id = o.hub_id LEFT JOIN minors m ON m.user_id = o.seller_id';

const market = (r: Row): MarketOpportunity => ({
  id: r.id,
  hubId: r.hub_id,
  hubName: r.hub_name,
  title: r.title,
  description: r.description,
  language: r.language,
  category: r.category,
  creditPrice: r.credit_price,
  placesLeft: r.places - r.taken,
  sellerName: r.seller_name === null ? null : firstName(r.seller_name),
});
const mine = (r: Row): MyOpportunity => ({ ...market(r), status: r.status, reason: r.reason, taken: r.taken, places: r.places });

export async function insertOpportunity(
  db: Queryable,
  o: OpportunityInput & { sellerId: string | null; language: Locale; status: OpportunityStatus; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO opportunities (id, hub_id, seller_id, title, description, language, category, credit_price, places, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [o.id, o.hubId, o.sellerId, o.title, o.description, o.language, o.category, o.creditPrice, o.places, o.status, o.now],
  );
  return rows.length > 0;
}

export async function lockOpportunity(db: Queryable, id: string): Promise<(Row & { places: number }) | null> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE o.id = $1 FOR UPDATE OF o`, [id]);
  return row ?? null;
}

export async function decide(db: Queryable, id: string, status: OpportunityStatus, reason: string, by: string, now: Date): Promise<void> {
  await db.query('UPDATE opportunities SET status = $2, reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1', [
    id,
    status,
    reason,
    by,
    now,
  ]);
}

export async function takenCount(db: Queryable, id: string): Promise<number> {
  const [row] = await db.query<{ taken: number }>('SELECT taken FROM opportunities WHERE id = $1', [id]);
  return Number(row.taken);
}

export async function setTaken(db: Queryable, id: string, delta: 1 | -1): Promise<void> {
  await db.query('UPDATE opportunities SET taken = taken + $2 WHERE id = $1', [id, delta]);
}

/** What youth may take: listed, with places left, not their own. */
export async function marketFor(db: Queryable, youthId: string): Promise<MarketOpportunity[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} ${FROM} WHERE o.status = 'listed' AND o.seller_id IS DISTINCT FROM $1 AND ${LIVE_TAKEN} < o.places ORDER BY o.created_at DESC, o.id LIMIT 100`,
    [youthId],
  );
  return rows.map(market);
}

export async function opportunitiesOf(db: Queryable, sellerId: string): Promise<MyOpportunity[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE o.seller_id = $1 ORDER BY o.created_at DESC, o.id`, [sellerId])).map(mine);
}

/** A hub's queue (proposals first) and everything it listed. */
export async function opportunitiesOfHub(db: Queryable, hubId: string): Promise<HubOpportunity[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} ${FROM} WHERE o.hub_id = $1 ORDER BY (o.status = 'proposed') DESC, o.created_at DESC, o.id LIMIT 200`,
    [hubId],
  );
  return rows.map((r) => ({ ...mine(r), sellerFullName: r.seller_name, createdAt: r.created_at.toISOString() }));
}

export async function insertTake(
  db: Queryable,
  t: { id: string; opportunityId: string; youthId: string; holdId: string; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO opportunity_takes (id, opportunity_id, youth_id, hold_id, status, created_at) VALUES ($1, $2, $3, $4, 'held', $5) ON CONFLICT DO NOTHING RETURNING id`,
    [t.id, t.opportunityId, t.youthId, t.holdId, t.now],
  );
  return rows.length > 0;
}

/** A take, unlocked: which opportunity to lock first. */
export async function findTake(db: Queryable, id: string): Promise<{ opportunity_id: string } | null> {
  const [row] = await db.query<{ opportunity_id: string }>('SELECT opportunity_id FROM opportunity_takes WHERE id = $1', [id]);
  return row ?? null;
}

export async function lockTake(db: Queryable, id: string) {
  const [row] = await db.query<{ id: string; opportunity_id: string; youth_id: string; hold_id: string; status: TakeStatus }>(
    'SELECT id, opportunity_id, youth_id, hold_id, status FROM opportunity_takes WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row ?? null;
}

export async function heldTakesOf(db: Queryable, opportunityId: string) {
  return db.query<{ id: string; hold_id: string }>(
    "SELECT id, hold_id FROM opportunity_takes WHERE opportunity_id = $1 AND status = 'held' ORDER BY id FOR UPDATE",
    [opportunityId],
  );
}

/**
 * Marks the takes whose hold lapsed (the ledger voided it after the hold days) as cancelled, and keeps
 * the running count with them; run by a take, under the opportunity's row lock.
 */
export async function releaseLapsed(db: Queryable, opportunityId: string, now: Date): Promise<void> {
  const lapsed = await db.query(
    `UPDATE opportunity_takes t SET status = 'cancelled', ended_at = $2
      WHERE t.opportunity_id = $1 AND t.status = 'held'
        AND EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.hold_id AND r.kind = 'void_pending')
     RETURNING t.id`,
    [opportunityId, now],
  );
  if (lapsed.length > 0) await db.query('UPDATE opportunities SET taken = taken - $2 WHERE id = $1', [opportunityId, lapsed.length]);
}

export async function endTake(db: Queryable, id: string, status: 'done' | 'cancelled', now: Date): Promise<void> {
  await db.query('UPDATE opportunity_takes SET status = $2, ended_at = $3 WHERE id = $1', [id, status, now]);
}

export async function takesOf(db: Queryable, youthId: string, holdDays: number, now: Date): Promise<MyTake[]> {
  const rows = await db.query<{
    id: string;
    opportunity_id: string;
    title: string;
    hub_name: string;
    credit_price: number;
    status: TakeStatus;
    created_at: Date;
  }>(
    `SELECT t.id, t.opportunity_id, o.title, h.name AS hub_name, o.credit_price, t.status, t.created_at
       FROM opportunity_takes t JOIN opportunities o ON o.id = t.opportunity_id JOIN hubs h ON h.id = o.hub_id
      WHERE t.youth_id = $1 ORDER BY t.created_at DESC, t.id LIMIT 50`,
    [youthId],
  );
  return rows.map((r) => {
    const holdUntil = new Date(r.created_at.getTime() + holdDays * 86_400_000);
    return {
      id: r.id,
      opportunityId: r.opportunity_id,
      title: r.title,
      hubName: r.hub_name,
      creditPrice: r.credit_price,
      // A hold that lapsed gave the credits back: the place is no longer held.
      status: r.status === 'held' && holdUntil <= now ? 'expired' : r.status,
      createdAt: r.created_at.toISOString(),
      holdUntil: holdUntil.toISOString(),
    };
  });
}
