import type { Queryable } from './db';
import type { Pillar, Text } from '$shared/catalogue';
import type { IdeaStatus } from '$shared/round-participation';
import { writtenText } from '$shared/offer';
import type {
  FundingSource,
  HubBudget,
  HubFunding,
  HubIdea,
  IdeaDecision,
  Milestone,
  Project,
  ProjectInput,
  RoundCalendar,
  RoundInput,
  RoundRules,
} from '$shared/micro-projects';

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
  hubMunicipio: number;
  /** When the votes were counted (the result is kept), or null. */
  countedAt: Date | null;
};

const ROUND_COLUMNS = `r.id, r.hub_id, h.name AS hub_name, r.title, r.description, r.budget::text, r.ideas_from::text, r.codesign_from::text,
  r.vote_from::text, r.results_from::text, r.delivery_from::text, r.closed_from::text, r.rules, r.created_at,
  h.municipio::int AS hub_municipio, r.counted_at`;

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
  hub_municipio: number;
  counted_at: Date | null;
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
  hubMunicipio: Number(r.hub_municipio),
  countedAt: r.counted_at,
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

/** The rounds a person may follow on `today`: not closed, at open hubs, open to the whole city or to their municipio; first to open first. */
export async function roundsFollowed(db: Queryable, municipio: number | null, today: string): Promise<RoundRow[]> {
  const rows = await db.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM micro_rounds r JOIN hubs h ON h.id = r.hub_id
      WHERE h.closed_at IS NULL AND r.closed_from > $2::date AND (r.rules->>'area' = 'city' OR h.municipio = $1)
      ORDER BY r.ideas_from, r.id`,
    [municipio, today],
  );
  return rows.map(toRound);
}

/**
 * What the hub's rounds plan to spend and do not hold yet, all but `except`: a round's whole budget
 * until its winners are funded (from then on, their holds are in the hub's committed money), unless
 * it has closed.
 */
export async function plannedBudget(db: Queryable, hubId: string, today: string, except: string | null): Promise<number> {
  return (await plannedRounds(db, hubId, today)).filter((r) => r.roundId !== except).reduce((sum, r) => sum + r.budget, 0);
}

export async function plannedRounds(db: Queryable, hubId: string, today: string): Promise<{ roundId: string; budget: number }[]> {
  const rows = await db.query<{ id: string; budget: string }>(
    `SELECT r.id, r.budget::text FROM micro_rounds r
      WHERE r.hub_id = $1 AND r.closed_from > $2::date
        AND NOT EXISTS (SELECT 1 FROM micro_projects p WHERE p.round_id = r.id AND p.funded_at IS NOT NULL)
      ORDER BY r.id`,
    [hubId, today],
  );
  return rows.map((r) => ({ roundId: r.id, budget: Number(r.budget) }));
}

export async function anyFunded(db: Queryable, roundId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM micro_projects WHERE round_id = $1 AND funded_at IS NOT NULL LIMIT 1', [roundId]);
  return rows.length > 0;
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

export async function ideasOf(db: Queryable, roundId: string): Promise<HubIdea[]> {
  const rows = await db.query<{
    id: string;
    title: string;
    description: string;
    for_whom: string;
    place: string;
    pillar: Pillar;
    cost: string;
    language: string;
    proposer: HubIdea['proposer'];
    author_name: string;
    group_name: string | null;
    group_referent: string | null;
    kiosk_id: string | null;
    status: IdeaStatus;
    reason: string;
    project_id: string | null;
    created_at: Date;
  }>(
    `SELECT i.id, i.title, i.description, i.for_whom, i.place, i.pillar, i.cost::text, i.language, i.proposer, u.name AS author_name,
            i.group_name, i.group_referent, i.kiosk_id, i.status, i.reason, i.project_id, i.created_at
       FROM micro_ideas i JOIN users u ON u.id = i.author_id WHERE i.round_id = $1 ORDER BY i.created_at, i.id`,
    [roundId],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    forWhom: r.for_whom,
    place: r.place,
    pillar: r.pillar,
    cost: Number(r.cost),
    language: r.language,
    proposer: r.proposer,
    authorName: r.author_name,
    group: r.group_name ? { name: r.group_name, referent: r.group_referent ?? '' } : null,
    atKiosk: r.kiosk_id !== null,
    status: r.status,
    reason: r.reason,
    projectId: r.project_id,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function lockIdea(db: Queryable, id: string): Promise<{ roundId: string; status: IdeaStatus } | null> {
  const [row] = await db.query<{ round_id: string; status: IdeaStatus }>(
    'SELECT round_id, status FROM micro_ideas WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row ? { roundId: row.round_id, status: row.status } : null;
}

export async function decideIdea(db: Queryable, id: string, decision: IdeaDecision, by: string, now: Date): Promise<void> {
  await db.query('UPDATE micro_ideas SET status = $2, reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1', [
    id,
    decision.status,
    decision.status === 'published' ? '' : decision.reason,
    by,
    now,
  ]);
}

/** Ideas of a round, locked, to take into a project: answers those found, with their status and project. */
export async function lockIdeas(
  db: Queryable,
  roundId: string,
  ids: string[],
): Promise<{ id: string; status: IdeaStatus; projectId: string | null }[]> {
  const rows = await db.query<{ id: string; status: IdeaStatus; project_id: string | null }>(
    'SELECT id, status, project_id FROM micro_ideas WHERE round_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
    [roundId, ids],
  );
  return rows.map((r) => ({ id: r.id, status: r.status, projectId: r.project_id }));
}

/** The project's ideas are exactly `ideaIds`: those taken in are `in_project`, those left out go back to `published`. */
export async function setProjectIdeas(db: Queryable, projectId: string, ideaIds: string[], by: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE micro_ideas SET status = 'published', project_id = NULL, reason = '', decided_by = $3, decided_at = $4
      WHERE project_id = $1 AND NOT (id = ANY($2::uuid[]))`,
    [projectId, ideaIds, by, now],
  );
  await db.query(
    `UPDATE micro_ideas SET status = 'in_project', project_id = $1, reason = '', decided_by = $3, decided_at = $4 WHERE id = ANY($2::uuid[])`,
    [projectId, ideaIds, by, now],
  );
}

const projectValues = (input: ProjectInput) => [
  JSON.stringify(writtenText(input.title)),
  JSON.stringify(writtenText(input.description)),
  input.pillar,
  input.cost,
  input.place,
  input.carriedBy.kind === 'provider' ? input.carriedBy.providerId : null,
  input.carriedBy.kind === 'group' ? input.carriedBy.name : null,
  input.beneficiaries,
  JSON.stringify(input.milestones),
];

export async function insertProject(db: Queryable, roundId: string, input: ProjectInput, by: string, now: Date): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO micro_projects (round_id, title, description, pillar, cost, place, provider_id, group_name, beneficiaries, milestones,
       created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [roundId, ...projectValues(input), by, now],
  );
  return row.id;
}

export async function updateProject(db: Queryable, id: string, input: ProjectInput, now: Date): Promise<void> {
  await db.query(
    `UPDATE micro_projects SET title = $2, description = $3, pillar = $4, cost = $5, place = $6, provider_id = $7, group_name = $8,
       beneficiaries = $9, milestones = $10, updated_at = $11 WHERE id = $1`,
    [id, ...projectValues(input), now],
  );
}

export async function withdrawProject(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE micro_projects SET withdrawn_at = $2 WHERE id = $1', [id, now]);
  await db.query(`UPDATE micro_ideas SET status = 'published', project_id = NULL WHERE project_id = $1`, [id]);
}

export async function lockProject(
  db: Queryable,
  id: string,
): Promise<{ roundId: string; withdrawn: boolean; funded: boolean; closed: boolean; milestones: Milestone[] } | null> {
  const [row] = await db.query<{
    round_id: string;
    withdrawn_at: Date | null;
    funded_at: Date | null;
    closed_at: Date | null;
    milestones: Milestone[];
  }>('SELECT round_id, withdrawn_at, funded_at, closed_at, milestones FROM micro_projects WHERE id = $1 FOR UPDATE', [id]);
  return row
    ? {
        roundId: row.round_id,
        withdrawn: row.withdrawn_at !== null,
        funded: row.funded_at !== null,
        closed: row.closed_at !== null,
        milestones: row.milestones,
      }
    : null;
}

export async function projectsOf(db: Queryable, roundId: string): Promise<Project[]> {
  const rows = await db.query<{
    id: string;
    round_id: string;
    title: Text;
    description: Text;
    pillar: Pillar;
    cost: string;
    place: string;
    provider_id: string | null;
    provider_name: string | null;
    group_name: string | null;
    beneficiaries: number;
    reached: number;
    milestones: Milestone[];
    idea_ids: string[];
    withdrawn_at: Date | null;
    funded_at: Date | null;
    closed_at: Date | null;
    reports: { idx: number; report: string; at: string }[];
  }>(
    `SELECT p.id, p.round_id, p.title, p.description, p.pillar, p.cost::text, p.place, p.provider_id, pr.name AS provider_name, p.group_name,
            p.beneficiaries, p.milestones, p.withdrawn_at, p.funded_at, p.closed_at,
            coalesce((SELECT json_agg(json_build_object('idx', r.idx, 'report', r.report,
                        'at', to_char(r.confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
                        FROM micro_milestone_reports r WHERE r.project_id = p.id), '[]') AS reports,
            coalesce((SELECT array_agg(i.id ORDER BY i.created_at, i.id) FROM micro_ideas i WHERE i.project_id = p.id), '{}') AS idea_ids,
            (SELECT count(DISTINCT s.user_id) FROM hub_events e JOIN hub_event_signups s ON s.event_id = e.id
               JOIN minors mi ON mi.user_id = s.user_id
              WHERE e.project_id = p.id AND e.cancelled_at IS NULL AND s.attended_at IS NOT NULL)::int AS reached
       FROM micro_projects p LEFT JOIN providers pr ON pr.id = p.provider_id
      WHERE p.round_id = $1 ORDER BY p.created_at, p.id`,
    [roundId],
  );
  return rows.map((r) => ({
    id: r.id,
    roundId: r.round_id,
    title: r.title,
    description: r.description,
    pillar: r.pillar,
    cost: Number(r.cost),
    place: r.place,
    carriedBy: r.provider_id
      ? { kind: 'provider', providerId: r.provider_id, name: r.provider_name ?? '' }
      : { kind: 'group', name: r.group_name ?? '' },
    beneficiaries: Number(r.beneficiaries),
    reached: Number(r.reached),
    milestones: r.milestones,
    ideaIds: r.idea_ids,
    withdrawn: r.withdrawn_at !== null,
    delivery: r.funded_at
      ? {
          fundedAt: r.funded_at.toISOString(),
          closedAt: r.closed_at?.toISOString() ?? null,
          milestones: r.milestones.map((m, idx) => {
            const report = r.reports.find((x) => x.idx === idx);
            return { ...m, confirmedAt: report?.at ?? null, report: report?.report ?? '' };
          }),
        }
      : null,
  }));
}

export async function markFunded(db: Queryable, projectIds: string[], now: Date): Promise<void> {
  await db.query('UPDATE micro_projects SET funded_at = $2 WHERE id = ANY($1::uuid[]) AND funded_at IS NULL', [projectIds, now]);
}

export async function markClosed(db: Queryable, projectId: string, now: Date): Promise<void> {
  await db.query('UPDATE micro_projects SET closed_at = $2 WHERE id = $1', [projectId, now]);
}

/** Records a milestone's confirmation; answers false if it was already confirmed. */
export async function insertMilestoneReport(
  db: Queryable,
  report: { projectId: string; idx: number; report: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO micro_milestone_reports (project_id, idx, report, confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING idx`,
    [report.projectId, report.idx, report.report, report.by, report.at],
  );
  return rows.length > 0;
}

/** The providers a hub may choose to carry out a project: those the city accredited, by name. */
export async function accreditedProviders(db: Queryable): Promise<{ id: string; name: string; municipio: number }[]> {
  const rows = await db.query<{ id: string; name: string; municipio: number }>(
    "SELECT id, name, municipio::int AS municipio FROM providers WHERE status = 'accredited' ORDER BY name, id",
  );
  return rows.map((r) => ({ ...r, municipio: Number(r.municipio) }));
}

export async function providerAccredited(db: Queryable, providerId: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>("SELECT status = 'accredited' AS ok FROM providers WHERE id = $1", [providerId]);
  return Boolean(row?.ok);
}

/** Keeps a round's count: made once, never changed. */
export async function storeResult(db: Queryable, roundId: string, result: unknown, now: Date): Promise<void> {
  await db.query('UPDATE micro_rounds SET counted_at = $2, result = $3 WHERE id = $1 AND counted_at IS NULL', [
    roundId,
    now,
    JSON.stringify(result),
  ]);
}

export async function loadResult<T>(db: Queryable, roundId: string): Promise<T | null> {
  const [row] = await db.query<{ result: T | null }>('SELECT result FROM micro_rounds WHERE id = $1', [roundId]);
  return row?.result ?? null;
}
