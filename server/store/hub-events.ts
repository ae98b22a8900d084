import type { Queryable } from './db';
import type { EventLinks, EventSignup, HubEvent, HubEventInput, ManagedEvent } from '$shared/hub-events';
import type { Text } from '$shared/catalogue';

type EventRow = {
  id: string;
  hub_id: string;
  title: string;
  description: string;
  kind: HubEvent['kind'];
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  taken: number;
  languages: HubEvent['languages'];
  round_id: string | null;
  project_id: string | null;
  cancelled_at: Date | null;
  mine: boolean;
};

const COLUMNS = `e.id, e.hub_id, e.title, e.description, e.kind, e.starts_at, e.ends_at, e.capacity, e.taken, e.languages, e.round_id, e.project_id, e.cancelled_at`;

const toEvent = (row: EventRow): HubEvent => ({
  id: row.id,
  hubId: row.hub_id,
  title: row.title,
  description: row.description,
  kind: row.kind,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  capacity: Number(row.capacity),
  taken: Number(row.taken),
  languages: row.languages,
  roundId: row.round_id,
  projectId: row.project_id,
  mine: Boolean(row.mine),
});

/** A hub's events still to end, soonest first, with whether `viewerId` has a place in each. */
export async function upcomingEvents(db: Queryable, hubId: string, now: Date, viewerId: string | null, limit = 20): Promise<HubEvent[]> {
  const rows = await db.query<EventRow>(
    `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM hub_event_signups s WHERE s.event_id = e.id AND s.user_id = $3) AS mine
       FROM hub_events e
      WHERE e.hub_id = $1 AND e.cancelled_at IS NULL AND e.ends_at > $2
      ORDER BY e.starts_at, e.id LIMIT ${limit}`,
    [hubId, now, viewerId],
  );
  return rows.map(toEvent);
}

/** The hub's events for its operator, from `since` on (cancelled ones too), each with who signed up. */
export async function managedEvents(db: Queryable, hubId: string, since: Date): Promise<ManagedEvent[]> {
  const rows = await db.query<
    EventRow & { signups: { userId: string; name: string; role: EventSignup['role']; attended: boolean }[] | null }
  >(
    `SELECT ${COLUMNS}, false AS mine,
            (SELECT json_agg(json_build_object('userId', u.id, 'name', u.name, 'role', u.role, 'attended', s.attended_at IS NOT NULL)
                             ORDER BY u.name, u.id)
               FROM hub_event_signups s JOIN users u ON u.id = s.user_id WHERE s.event_id = e.id) AS signups
       FROM hub_events e
      WHERE e.hub_id = $1 AND e.ends_at > $2
      ORDER BY e.starts_at, e.id`,
    [hubId, since],
  );
  return rows.map((row) => ({ ...toEvent(row), cancelledAt: row.cancelled_at?.toISOString() ?? null, signups: row.signups ?? [] }));
}

export async function insertEvent(db: Queryable, hubId: string, input: HubEventInput, by: string, now: Date): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO hub_events (hub_id, title, description, kind, starts_at, ends_at, capacity, languages, round_id, project_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      hubId,
      input.title,
      input.description,
      input.kind,
      input.startsAt,
      input.endsAt,
      input.capacity,
      input.languages,
      input.roundId,
      input.projectId,
      by,
      now,
    ],
  );
  return row.id;
}

/** What a new event of the hub may belong to on `today`: rounds not yet closed, and their funded projects not yet ended. */
export async function linkable(db: Queryable, hubId: string, today: string): Promise<EventLinks> {
  const rounds = await db.query<{ id: string; title: Text }>(
    'SELECT id, title FROM micro_rounds WHERE hub_id = $1 AND closed_from > $2::date ORDER BY ideas_from, id',
    [hubId, today],
  );
  const projects = await db.query<{ id: string; title: Text }>(
    `SELECT p.id, p.title FROM micro_projects p JOIN micro_rounds r ON r.id = p.round_id
      WHERE r.hub_id = $1 AND r.closed_from > $2::date AND p.funded_at IS NOT NULL AND p.closed_at IS NULL AND p.withdrawn_at IS NULL
      ORDER BY p.created_at, p.id`,
    [hubId, today],
  );
  return { rounds, projects };
}

/** The hub whose round is named, or whose round the project belongs to (a withdrawn project belongs to none). */
export async function linkedHub(db: Queryable, link: { roundId: string | null; projectId: string | null }): Promise<string | null> {
  const [row] = link.roundId
    ? await db.query<{ hub_id: string }>('SELECT hub_id FROM micro_rounds WHERE id = $1', [link.roundId])
    : await db.query<{ hub_id: string }>(
        `SELECT r.hub_id FROM micro_projects p JOIN micro_rounds r ON r.id = p.round_id WHERE p.id = $1 AND p.withdrawn_at IS NULL`,
        [link.projectId],
      );
  return row?.hub_id ?? null;
}

/** The event's row, locked: what a sign-up, a cancellation or attendance decides on. */
export async function lockEvent(
  db: Queryable,
  eventId: string,
): Promise<{
  hubId: string;
  kind: HubEvent['kind'];
  startsAt: Date;
  capacity: number;
  taken: number;
  cancelledAt: Date | null;
  hubClosedAt: Date | null;
} | null> {
  const [row] = await db.query<{
    hub_id: string;
    kind: HubEvent['kind'];
    starts_at: Date;
    capacity: number;
    taken: number;
    cancelled_at: Date | null;
    hub_closed_at: Date | null;
  }>(
    `SELECT e.hub_id, e.kind, e.starts_at, e.capacity, e.taken, e.cancelled_at, h.closed_at AS hub_closed_at
       FROM hub_events e JOIN hubs h ON h.id = e.hub_id WHERE e.id = $1 FOR UPDATE OF e`,
    [eventId],
  );
  return row
    ? {
        hubId: row.hub_id,
        kind: row.kind,
        startsAt: row.starts_at,
        capacity: Number(row.capacity),
        taken: Number(row.taken),
        cancelledAt: row.cancelled_at,
        hubClosedAt: row.hub_closed_at,
      }
    : null;
}

export async function cancelEvent(db: Queryable, eventId: string, now: Date): Promise<void> {
  await db.query('UPDATE hub_events SET cancelled_at = $2 WHERE id = $1', [eventId, now]);
}

export async function hasSignup(db: Queryable, eventId: string, userId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM hub_event_signups WHERE event_id = $1 AND user_id = $2', [eventId, userId])).length > 0;
}

/**
 * Holds a place; false when the person had one already (nothing changes). `makeRoom`: for someone who
 * came without one (attendance by card, the event under way), the room grows to hold them when full.
 */
export async function addSignup(db: Queryable, eventId: string, userId: string, now: Date, makeRoom = false): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO hub_event_signups (event_id, user_id, signed_up_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
    [eventId, userId, now],
  );
  if (rows.length === 0) return false;
  await db.query(
    makeRoom
      ? 'UPDATE hub_events SET capacity = GREATEST(capacity, taken + 1), taken = taken + 1 WHERE id = $1'
      : 'UPDATE hub_events SET taken = taken + 1 WHERE id = $1',
    [eventId],
  );
  return true;
}

/** Gives a place back; false when the person had none. */
export async function removeSignup(db: Queryable, eventId: string, userId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM hub_event_signups WHERE event_id = $1 AND user_id = $2 RETURNING 1', [eventId, userId]);
  if (rows.length === 0) return false;
  await db.query('UPDATE hub_events SET taken = taken - 1 WHERE id = $1', [eventId]);
  return true;
}

/** Marks whether the person came; false when they had not signed up. */
export async function markAttendance(db: Queryable, eventId: string, userId: string, attendedAt: Date | null): Promise<boolean> {
  const rows = await db.query('UPDATE hub_event_signups SET attended_at = $3 WHERE event_id = $1 AND user_id = $2 RETURNING 1', [
    eventId,
    userId,
    attendedAt,
  ]);
  return rows.length > 0;
}

/**
 * The young people a hub reached between two instants: youths who came to one of its events, or checked
 * in at its place, each counted once.
 */
export async function youngReached(db: Queryable, hubId: string, from: Date, to: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT youth)::int AS n FROM (
       SELECT s.user_id AS youth FROM hub_event_signups s JOIN hub_events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
        WHERE e.hub_id = $1 AND u.role = 'youth' AND s.attended_at >= $2 AND s.attended_at < $3
       UNION
       SELECT c.youth_id FROM checkins c JOIN checkin_places p ON p.id = c.place_id
        WHERE p.hub_id = $1 AND c.at >= $2 AND c.at < $3
     ) reached`,
    [hubId, from, to],
  );
  return Number(row.n);
}

/**
 * A check-in at a hub (its code, or a card at its kiosk) is attendance too: the youth is marked present
 * at the hub's events they hold a place at that are under way then (or begin within half an hour).
 */
export async function attendByCheckin(db: Queryable, userId: string, placeId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE hub_event_signups s SET attended_at = $3
       FROM hub_events e JOIN checkin_places p ON p.hub_id = e.hub_id
      WHERE s.event_id = e.id AND s.user_id = $1 AND p.id = $2 AND s.attended_at IS NULL AND e.cancelled_at IS NULL
        AND e.starts_at - interval '30 minutes' <= $3 AND $3 < e.ends_at`,
    [userId, placeId, at],
  );
}
