import type { Queryable } from './db';
import type { Text } from '$shared/catalogue';
import { writtenText } from '$shared/offer';
import type { FundingSource, HubBudget, HubFunding, RoundCalendar, RoundInput, RoundRules } from '$shared/micro-projects';

/** A hub's budget as its ledger account holds it (all zero before the city first funds it). */
export async function hubBudget(db: Queryable, accountId: string): Promise<HubBudget> {
  const [row] = await db.query<{ credits_posted: string; debits_pending: string; debits_posted: string }>(
    'SELECT credits_posted::text, debits_pending::text, debits_posted::text FROM ledger_balances WHERE id = $1',
    [accountId],
  );
  const funded = Number(row?.credits_posted ?? 0);
  const committed = Number(row?.debits_pending ?? 0);
  const paid = Number(row?.debits_posted ?? 0);
  return { funded, committed, paid, available: funded - committed - paid };
}

export async function insertFunding(
  db: Queryable,
  funding: { id: string; hubId: string; amount: number; source: FundingSource; note: string; by: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO hub_fundings (id, hub_id, amount, source, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING`,
    [funding.id, funding.hubId, funding.amount, funding.source, funding.note, funding.by, funding.at],
  );
}

/** A funding already recorded under this id (a second click of the same form), if any. */
export async function findFunding(db: Queryable, id: string): Promise<{ hubId: string; amount: number; source: FundingSource } | null> {
  const [row] = await db.query<{ hub_id: string; amount: string; source: FundingSource }>(
    'SELECT hub_id, amount::text, source FROM hub_fundings WHERE id = $1',
    [id],
  );
  return row ? { hubId: row.hub_id, amount: Number(row.amount), source: row.source } : null;
}

/** The hub's fundings, newest first, with who made each. */
export async function fundings(db: Queryable, hubId: string): Promise<HubFunding[]> {
  const rows = await db.query<{ id: string; amount: string; source: FundingSource; note: string; created_at: Date; name: string }>(
    `SELECT f.id, f.amount::text, f.source, f.note, f.created_at, u.name
       FROM hub_fundings f JOIN users u ON u.id = f.created_by
      WHERE f.hub_id = $1 ORDER BY f.created_at DESC, f.id`,
    [hubId],
  );
  return rows.map((r) => ({
    id: r.id,
    amount: Number(r.amount),
    source: r.source,
    note: r.note,
    at: r.created_at.toISOString(),
    by: r.name,
  }));
}

export type RoundRow = {
  id: string;
  hubId: string;
  hubName: string;
  title: Text;
  description: Text;
  budget: number;
  calendar: RoundCalendar;
  rules: RoundRules;
  createdAt: Date;
};

const ROUND_COLUMNS = `r.id, r.hub_id, h.name AS hub_name, r.title, r.description, r.budget::text, r.ideas_from::text, r.codesign_from::text,
  r.vote_from::text, r.results_from::text, r.delivery_from::text, r.closed_from::text, r.rules, r.created_at`;

type RawRound = {
  id: string;
  hub_id: string;
  hub_name: string;
  title: Text;
  description: Text;
  budget: string;
  ideas_from: string;
  codesign_from: string;
  vote_from: string;
  results_from: string;
  delivery_from: string;
  closed_from: string;
  rules: RoundRules;
  created_at: Date;
};

const toRound = (r: RawRound): RoundRow => ({
  id: r.id,
  hubId: r.hub_id,
  hubName: r.hub_name,
  title: r.title,
  description: r.description,
  budget: Number(r.budget),
  calendar: {
    ideasFrom: r.ideas_from,
    codesignFrom: r.codesign_from,
    voteFrom: r.vote_from,
    resultsFrom: r.results_from,
    deliveryFrom: r.delivery_from,
    closedFrom: r.closed_from,
  },
  rules: r.rules,
  createdAt: r.created_at,
});

/** A hub's rounds, the latest first. */
export async function roundsOf(db: Queryable, hubId: string): Promise<RoundRow[]> {
  const rows = await db.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM micro_rounds r JOIN hubs h ON h.id = r.hub_id WHERE r.hub_id = $1 ORDER BY r.ideas_from DESC, r.id`,
    [hubId],
  );
  return rows.map(toRound);
}

export async function loadRound(db: Queryable, id: string, lock = false): Promise<RoundRow | null> {
  const [row] = await db.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM micro_rounds r JOIN hubs h ON h.id = r.hub_id WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
    [id],
  );
  return row ? toRound(row) : null;
}

/** What the hub's rounds still to be decided plan to spend (their winners hold nothing yet): all but `except`. */
export async function plannedBudget(db: Queryable, hubId: string, today: string, except: string | null): Promise<number> {
  const [row] = await db.query<{ planned: string }>(
    `SELECT coalesce(sum(budget), 0)::text AS planned FROM micro_rounds
      WHERE hub_id = $1 AND delivery_from > $2::date AND id IS DISTINCT FROM $3::uuid`,
    [hubId, today, except],
  );
  return Number(row.planned);
}

export async function insertRound(db: Queryable, hubId: string, input: RoundInput, by: string, now: Date): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO micro_rounds (hub_id, title, description, budget, ideas_from, codesign_from, vote_from, results_from, delivery_from,
       closed_from, rules, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [hubId, ...roundValues(input), by, now],
  );
  return row.id;
}

export async function updateRound(db: Queryable, id: string, input: RoundInput, now: Date): Promise<void> {
  await db.query(
    `UPDATE micro_rounds SET title = $2, description = $3, budget = $4, ideas_from = $5, codesign_from = $6, vote_from = $7,
       results_from = $8, delivery_from = $9, closed_from = $10, rules = $11, updated_at = $12 WHERE id = $1`,
    [id, ...roundValues(input), now],
  );
}

const roundValues = (input: RoundInput) => {
  const c = input.calendar;
  return [
    JSON.stringify(writtenText(input.title)),
    JSON.stringify(writtenText(input.description)),
    input.budget,
    c.ideasFrom,
    c.codesignFrom,
    c.voteFrom,
    c.resultsFrom,
    c.deliveryFrom,
    c.closedFrom,
    JSON.stringify(input.rules),
  ];
};
