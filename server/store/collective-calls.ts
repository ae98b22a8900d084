import type { Queryable } from './db';
import type {
  CollectiveApplication,
  CollectiveApplyInput,
  CollectiveCall,
  CollectiveCallInput,
  CollectiveStatus,
  Scores,
} from '$shared/collective-calls';
import type { Text } from '$shared/catalogue';

type CallRow = {
  id: string;
  name: Text;
  description: Text;
  budget_cents: string;
  max_amount_cents: string;
  opens_at: Date;
  closes_at: Date;
  allocated_at: Date | null;
};

const toCall = (r: CallRow): CollectiveCall => ({
  id: r.id,
  name: r.name,
  description: r.description,
  budgetCents: Number(r.budget_cents),
  maxAmountCents: Number(r.max_amount_cents),
  opensAt: r.opens_at.toISOString(),
  closesAt: r.closes_at.toISOString(),
  allocatedAt: r.allocated_at?.toISOString() ?? null,
});

const CALL_COLUMNS = 'id, name, description, budget_cents::text, max_amount_cents::text, opens_at, closes_at, allocated_at';

export async function insertCall(db: Queryable, id: string, input: CollectiveCallInput, by: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO collective_calls (id, name, description, budget_cents, max_amount_cents, opens_at, closes_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, input.name, input.description, input.budgetCents, input.maxAmountCents, input.opensAt, input.closesAt, by, now],
  );
}

export async function loadCall(db: Queryable, id: string, lock = false): Promise<CollectiveCall | null> {
  const [row] = await db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM collective_calls WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? toCall(row) : null;
}

/** Every collective call, the newest first. */
export async function listCalls(db: Queryable): Promise<CollectiveCall[]> {
  return (await db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM collective_calls ORDER BY opens_at DESC, id`)).map(toCall);
}

/** The calls taking applications at `now`. */
export async function openCalls(db: Queryable, now: Date): Promise<CollectiveCall[]> {
  const rows = await db.query<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM collective_calls WHERE opens_at <= $1 AND closes_at > $1 ORDER BY closes_at, id`,
    [now],
  );
  return rows.map(toCall);
}

/** Records an application; answers false if its id was already taken (sent again). */
export async function insertApplication(db: Queryable, callId: string, code: string, a: CollectiveApplyInput, now: Date): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO collective_applications (id, call_id, code, applicant_kind, applicant_name, referent, email, minors, age_min, age_max,
       municipio, project_title, project_description, pillar, place, amount_cents, language, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (id) DO NOTHING RETURNING 1`,
    [
      a.id,
      callId,
      code,
      a.applicant.kind,
      a.applicant.name,
      a.applicant.referent,
      a.applicant.email,
      a.minors,
      a.ageMin,
      a.ageMax,
      a.municipio,
      a.project.title,
      a.project.description,
      a.project.pillar,
      a.project.place,
      a.amountCents,
      a.language,
      now,
    ],
  );
  return rows.length > 0;
}

type ApplicationRow = {
  id: string;
  call_id: string;
  code: string;
  applicant_kind: CollectiveApplication['applicant']['kind'];
  applicant_name: string;
  referent: string;
  email: string;
  minors: number;
  age_min: number;
  age_max: number;
  municipio: number;
  project_title: string;
  project_description: string;
  pillar: CollectiveApplication['project']['pillar'];
  place: string;
  amount_cents: string;
  language: string;
  submitted_at: Date;
  status: CollectiveStatus;
  scores: Scores | null;
  points: number | null;
  reason: string;
  rank: number | null;
};

const toApplication = (r: ApplicationRow): CollectiveApplication => ({
  id: r.id,
  code: r.code,
  applicant: { kind: r.applicant_kind, name: r.applicant_name, referent: r.referent, email: r.email },
  minors: Number(r.minors),
  ageMin: Number(r.age_min),
  ageMax: Number(r.age_max),
  municipio: Number(r.municipio),
  project: { title: r.project_title, description: r.project_description, pillar: r.pillar, place: r.place },
  amountCents: Number(r.amount_cents),
  language: r.language,
  submittedAt: r.submitted_at.toISOString(),
  status: r.status,
  scores: r.scores,
  points: r.points === null ? null : Number(r.points),
  reason: r.reason,
  rank: r.rank === null ? null : Number(r.rank),
});

const APPLICATION_COLUMNS = `id, call_id, code, applicant_kind, applicant_name, referent, email, minors, age_min, age_max, municipio,
  project_title, project_description, pillar, place, amount_cents::text, language, submitted_at, status, scores, points, reason, rank`;

/** A call's applications: in rank order once ranked, else in the order they came. */
export async function applicationsOf(db: Queryable, callId: string): Promise<CollectiveApplication[]> {
  const rows = await db.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM collective_applications WHERE call_id = $1 ORDER BY rank NULLS LAST, submitted_at, id`,
    [callId],
  );
  return rows.map(toApplication);
}

export async function applicationById(db: Queryable, id: string): Promise<(CollectiveApplication & { callId: string }) | null> {
  const [row] = await db.query<ApplicationRow>(`SELECT ${APPLICATION_COLUMNS} FROM collective_applications WHERE id = $1`, [id]);
  return row ? { ...toApplication(row), callId: row.call_id } : null;
}

export async function applicationByCode(db: Queryable, code: string): Promise<(CollectiveApplication & { callId: string }) | null> {
  const [row] = await db.query<ApplicationRow>(`SELECT ${APPLICATION_COLUMNS} FROM collective_applications WHERE code = $1`, [code]);
  return row ? { ...toApplication(row), callId: row.call_id } : null;
}

export async function review(
  db: Queryable,
  id: string,
  decision: { status: 'scored'; scores: Scores; points: number } | { status: 'excluded'; reason: string },
  by: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE collective_applications SET status = $2, scores = $3, points = $4, reason = $5, reviewed_by = $6, reviewed_at = $7 WHERE id = $1`,
    decision.status === 'scored'
      ? [id, 'scored', decision.scores, decision.points, '', by, now]
      : [id, 'excluded', null, null, decision.reason, by, now],
  );
}

/** The outcome of the allocation: each scored application's rank, and whether it was funded or waits. */
export async function setOutcome(db: Queryable, lines: { id: string; rank: number; funded: boolean }[]): Promise<void> {
  for (const line of lines)
    await db.query('UPDATE collective_applications SET rank = $2, status = $3 WHERE id = $1', [
      line.id,
      line.rank,
      line.funded ? 'funded' : 'waiting',
    ]);
}

export async function markAllocated(db: Queryable, callId: string, now: Date): Promise<void> {
  await db.query('UPDATE collective_calls SET allocated_at = $2 WHERE id = $1', [callId, now]);
}
