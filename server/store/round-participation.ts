import type { Queryable } from './db';
import type { Pillar, Text } from '$shared/catalogue';
import type { BallotProject, IdeaInput, IdeaStatus, MyIdea, Participant, ProposerKind } from '$shared/round-participation';

/** Who someone is to a round: a youth's birth date and where their household lives. */
export async function participant(db: Queryable, userId: string): Promise<Participant | null> {
  const [row] = await db.query<{ role: string; birth_date: string | null; municipio: number | null }>(
    `SELECT u.role, (SELECT m.birth_date::text FROM minors m WHERE m.user_id = u.id) AS birth_date, h.municipio::int AS municipio
       FROM users u LEFT JOIN households h ON h.id = u.household_id WHERE u.id = $1`,
    [userId],
  );
  if (!row || (row.role !== 'youth' && row.role !== 'guardian')) return null;
  return { role: row.role, birthDate: row.birth_date, municipio: row.municipio === null ? null : Number(row.municipio) };
}

/** Records an idea; the same id again changes nothing (answers whether it was new). */
export async function insertIdea(
  db: Queryable,
  idea: IdeaInput,
  author: { id: string; proposer: ProposerKind; kioskId: string | null },
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO micro_ideas (id, round_id, author_id, proposer, group_name, group_referent, title, description, for_whom, place, pillar,
       cost, language, kiosk_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      idea.id,
      idea.roundId,
      author.id,
      author.proposer,
      idea.group?.name ?? null,
      idea.group?.referent ?? null,
      idea.title,
      idea.description,
      idea.forWhom,
      idea.place,
      idea.pillar,
      idea.cost,
      idea.language,
      author.kioskId,
      now,
    ],
  );
  return rows.length > 0;
}

/** Who wrote an idea already stored under this id (a replay, or an id taken by someone else). */
export async function ideaAuthor(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.query<{ author_id: string }>('SELECT author_id FROM micro_ideas WHERE id = $1', [id]);
  return row?.author_id ?? null;
}

/** A person's ideas in the given rounds, newest first, with what became of each. */
export async function myIdeas(db: Queryable, userId: string, roundIds: string[]): Promise<Map<string, MyIdea[]>> {
  const rows = await db.query<{
    id: string;
    round_id: string;
    title: string;
    status: IdeaStatus;
    reason: string;
    project_id: string | null;
    project_title: Text | null;
    merged: boolean;
    created_at: Date;
  }>(
    `SELECT i.id, i.round_id, i.title, i.status, i.reason, i.project_id, p.title AS project_title,
            (SELECT count(*) FROM micro_ideas o WHERE o.project_id = i.project_id) > 1 AS merged, i.created_at
       FROM micro_ideas i LEFT JOIN micro_projects p ON p.id = i.project_id
      WHERE i.author_id = $1 AND i.round_id = ANY($2::uuid[])
      ORDER BY i.created_at DESC, i.id`,
    [userId, roundIds],
  );
  const byRound = new Map<string, MyIdea[]>();
  for (const r of rows) {
    const list = byRound.get(r.round_id) ?? [];
    list.push({
      id: r.id,
      title: r.title,
      status: r.status,
      reason: r.reason,
      project: r.project_id ? { id: r.project_id, title: r.project_title!, merged: r.merged } : null,
      createdAt: r.created_at.toISOString(),
    });
    byRound.set(r.round_id, list);
  }
  return byRound;
}

/** The projects on the rounds' ballots (not withdrawn), by round. */
export async function ballotProjects(db: Queryable, roundIds: string[]): Promise<Map<string, BallotProject[]>> {
  const rows = await db.query<{
    id: string;
    round_id: string;
    title: Text;
    description: Text;
    pillar: Pillar;
    cost: string;
    place: string;
    carried_by: string;
  }>(
    `SELECT p.id, p.round_id, p.title, p.description, p.pillar, p.cost::text, p.place, coalesce(pr.name, p.group_name) AS carried_by
       FROM micro_projects p LEFT JOIN providers pr ON pr.id = p.provider_id
      WHERE p.round_id = ANY($1::uuid[]) AND p.withdrawn_at IS NULL
      ORDER BY p.created_at, p.id`,
    [roundIds],
  );
  const byRound = new Map<string, BallotProject[]>();
  for (const r of rows) {
    const list = byRound.get(r.round_id) ?? [];
    list.push({
      id: r.id,
      title: r.title,
      description: r.description,
      pillar: r.pillar,
      cost: Number(r.cost),
      place: r.place,
      carriedBy: r.carried_by,
    });
    byRound.set(r.round_id, list);
  }
  return byRound;
}

/** The person's ballots still linked to them (the vote is open), by round. */
export async function myBallots(db: Queryable, userId: string, roundIds: string[]): Promise<Map<string, string[]>> {
  const rows = await db.query<{ round_id: string; project_ids: string[] }>(
    `SELECT v.round_id, b.project_ids FROM micro_voters v JOIN micro_ballots b ON b.id = v.ballot_id
      WHERE v.user_id = $1 AND v.round_id = ANY($2::uuid[])`,
    [userId, roundIds],
  );
  return new Map(rows.map((r) => [r.round_id, r.project_ids]));
}

/**
 * Casts or changes a person's ballot while the vote is open: their voter row is made (if new) and
 * locked first, so two devices voting at once change one ballot, one after the other. A ballot cast
 * earlier than the one kept (an older offline ballot from another device, arriving late) changes
 * nothing: the last one the person cast wins, not the last one received.
 */
export async function castBallot(
  db: Queryable,
  roundId: string,
  userId: string,
  projectIds: string[],
  cardId: string | null,
  castAt: Date,
): Promise<void> {
  await db.query('INSERT INTO micro_voters (round_id, user_id, voted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    roundId,
    userId,
    castAt,
  ]);
  const [voter] = await db.query<{ ballot_id: string | null; voted_at: Date }>(
    'SELECT ballot_id, voted_at FROM micro_voters WHERE round_id = $1 AND user_id = $2 FOR UPDATE',
    [roundId, userId],
  );
  if (voter.ballot_id && voter.voted_at > castAt) return;
  if (voter.ballot_id) await db.query('UPDATE micro_ballots SET project_ids = $2 WHERE id = $1', [voter.ballot_id, projectIds]);
  else {
    const [ballot] = await db.query<{ id: string }>('INSERT INTO micro_ballots (round_id, project_ids) VALUES ($1, $2) RETURNING id', [
      roundId,
      projectIds,
    ]);
    voter.ballot_id = ballot.id;
  }
  await db.query('UPDATE micro_voters SET ballot_id = $3, card_id = $4, voted_at = $5 WHERE round_id = $1 AND user_id = $2', [
    roundId,
    userId,
    voter.ballot_id,
    cardId,
    castAt,
  ]);
}

/**
 * Closes a round's vote for good: ballots cast with a card revoked (or reported lost: someone else may
 * have held it) before the close are dropped, every
 * link from a voter to their ballot is cut, and the ballots are written again in an order of their own
 * (sorted by what they approve), so neither a link nor the order of the rows tells who voted what.
 * Answers the ballots that count.
 */
export async function sealBallots(db: Queryable, roundId: string, closedAt: Date): Promise<string[][]> {
  // Cast with a card revoked or lost before the close: not a vote. Its voter no longer counts as one.
  const dropped = await db.query<{ ballot_id: string }>(
    `DELETE FROM micro_voters v USING cards c
      WHERE v.round_id = $1 AND c.id = v.card_id AND c.end_reason IN ('revoked', 'lost') AND c.ended_at < $2
      RETURNING v.ballot_id`,
    [roundId, closedAt],
  );
  await db.query('UPDATE micro_voters SET ballot_id = NULL, card_id = NULL WHERE round_id = $1', [roundId]);
  if (dropped.length)
    await db.query('DELETE FROM micro_ballots WHERE id = ANY($1::uuid[])', [dropped.map((d) => d.ballot_id).filter(Boolean)]);
  const rows = await db.query<{ project_ids: string[] }>('DELETE FROM micro_ballots WHERE round_id = $1 RETURNING project_ids', [roundId]);
  const ballots = rows.map((r) => [...r.project_ids].sort()).sort((a, b) => (a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0));
  for (let i = 0; i < ballots.length; i += 1000) {
    const chunk = ballots.slice(i, i + 1000);
    await db.query(
      `INSERT INTO micro_ballots (round_id, project_ids) SELECT $1, string_to_array(b, ',')::uuid[] FROM unnest($2::text[]) WITH ORDINALITY AS t(b, n) ORDER BY n`,
      [roundId, chunk.map((b) => b.join(','))],
    );
  }
  return ballots;
}

/** A counted round's ballots (after `sealBallots`), in their stored order. */
export async function sealedBallots(db: Queryable, roundId: string): Promise<string[][]> {
  const rows = await db.query<{ project_ids: string[] }>('SELECT project_ids FROM micro_ballots WHERE round_id = $1', [roundId]);
  return rows.map((r) => r.project_ids);
}

/**
 * How many took part in a round: ideas proposed (not those removed), people at its co-design meetings,
 * and voters (kept after the count: turnout is public, who voted what is not).
 */
export async function participationOf(db: Queryable, roundId: string): Promise<{ ideas: number; codesign: number; voters: number }> {
  const [row] = await db.query<{ ideas: number; codesign: number; voters: number }>(
    `SELECT (SELECT count(*) FROM micro_ideas WHERE round_id = $1 AND status <> 'removed')::int AS ideas,
            (SELECT count(DISTINCT s.user_id) FROM hub_events e JOIN hub_event_signups s ON s.event_id = e.id
              WHERE e.round_id = $1 AND e.cancelled_at IS NULL AND s.attended_at IS NOT NULL)::int AS codesign,
            (SELECT count(*) FROM micro_voters WHERE round_id = $1)::int AS voters`,
    [roundId],
  );
  return { ideas: Number(row.ideas), codesign: Number(row.codesign), voters: Number(row.voters) };
}
