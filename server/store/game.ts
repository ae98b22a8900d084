import type { Queryable } from './db';
import type { Category } from '$shared/category';
import type { BadgeKey } from '$shared/badges';
import type { BoardLine, CheckinView, EarnedBadge, MissionStepView, MissionView } from '$shared/game';
import type { CheckinPurpose, PlaceKind, PlaceRef } from '$shared/checkin';
import type { Fact, MissionInput, Step, StepInput } from '$shared/missions';
import type { Text } from '$shared/catalogue';
import { localized } from '$shared/localized';
import type { Locale } from '$shared/locale';
import { writtenText } from '$shared/offer';

export type PlaceRow = {
  id: string;
  code: string;
  kind: PlaceKind;
  hub_id: string | null;
  offer_id: string | null;
  secret: Uint8Array;
  name: Text;
  category: Category | null;
};

const PLACE_COLUMNS = `p.id, p.code, p.kind, p.hub_id, p.offer_id, p.secret,
  CASE WHEN p.kind = 'hub' THEN jsonb_build_object('it', h.name) ELSE o.title END AS name, o.category`;
const PLACE_JOINS = 'LEFT JOIN hubs h ON h.id = p.hub_id LEFT JOIN offers o ON o.id = p.offer_id';

export async function placeByCode(db: Queryable, code: string): Promise<PlaceRow | null> {
  // A closed hub's code opens nothing.
  const [row] = await db.query<PlaceRow>(
    `SELECT ${PLACE_COLUMNS} FROM checkin_places p ${PLACE_JOINS} WHERE p.code = $1 AND h.closed_at IS NULL`,
    [code],
  );
  return row ?? null;
}

/** An open hub's place, or the places of a provider's published activities. */
export async function placesOf(db: Queryable, owner: { hubId: string } | { providerId: string }): Promise<PlaceRow[]> {
  return 'hubId' in owner
    ? db.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM checkin_places p ${PLACE_JOINS} WHERE p.hub_id = $1 AND h.closed_at IS NULL`, [
        owner.hubId,
      ])
    : db.query<PlaceRow>(
        `SELECT ${PLACE_COLUMNS} FROM checkin_places p ${PLACE_JOINS} WHERE o.provider_id = $1 AND o.status = 'published' ORDER BY o.id`,
        [owner.providerId],
      );
}

/** What still has no place: the hub, or the provider's published activities. */
export async function withoutPlace(
  db: Queryable,
  owner: { hubId: string } | { providerId: string },
): Promise<{ kind: PlaceKind; id: string }[]> {
  return 'hubId' in owner
    ? db.query<{ kind: PlaceKind; id: string }>(
        `SELECT 'hub' AS kind, h.id FROM hubs h WHERE h.id = $1 AND h.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM checkin_places p WHERE p.hub_id = h.id)`,
        [owner.hubId],
      )
    : db.query<{ kind: PlaceKind; id: string }>(
        `SELECT 'offer' AS kind, o.id FROM offers o WHERE o.provider_id = $1 AND o.status = 'published' AND NOT EXISTS (SELECT 1 FROM checkin_places p WHERE p.offer_id = o.id)`,
        [owner.providerId],
      );
}

/** Adds a place; false when its code is taken (the caller draws another) or the place exists already. */
export async function insertPlace(
  db: Queryable,
  place: { id: string; code: string; kind: PlaceKind; refId: string; secret: Uint8Array; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO checkin_places (id, code, kind, hub_id, offer_id, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [
      place.id,
      place.code,
      place.kind,
      place.kind === 'hub' ? place.refId : null,
      place.kind === 'offer' ? place.refId : null,
      place.secret,
      place.now,
    ],
  );
  return rows.length > 0;
}

export const toPlaceRef = (row: PlaceRow): PlaceRef => ({
  code: row.code,
  kind: row.kind,
  name: localized(row.name, 'it'),
  hubId: row.hub_id,
  offerId: row.offer_id,
  category: row.category,
});

/** Records a check-in; false when the youth already checked in there, for that purpose, that day. */
export async function insertCheckin(
  db: Queryable,
  c: {
    id: string;
    youthId: string;
    placeId: string;
    purpose: CheckinPurpose;
    day: string;
    at: Date;
    receivedAt: Date;
    credits: number;
    /** A kiosk that saw the person's card, rather than a code the youth's phone scanned. */
    kioskId?: string | null;
    cardId?: string | null;
  },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO checkins (id, youth_id, place_id, purpose, day, at, received_at, credits, kiosk_id, card_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT DO NOTHING RETURNING id`,
    [c.id, c.youthId, c.placeId, c.purpose, c.day, c.at, c.receivedAt, c.credits, c.kioskId ?? null, c.cardId ?? null],
  );
  return rows.length > 0;
}

/** Check-ins refused for a wrong or expired code since an instant, as the youth's devices' pushes recorded them. */
export async function failedCheckins(db: Queryable, youthId: string, since: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sync_mutations m JOIN sync_clients c ON c.id = m.client_id
      WHERE c.user_id = $1 AND m.name = 'checkin.create' AND m.status = 'rejected' AND m.code IN ('checkin_code_invalid', 'checkin_code_expired') AND m.received_at > $2`,
    [youthId, since],
  );
  return Number(row.n);
}

export async function paidCheckinsOn(db: Queryable, youthId: string, day: string): Promise<number> {
  const [row] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM checkins WHERE youth_id = $1 AND day = $2 AND credits > 0', [
    youthId,
    day,
  ]);
  return Number(row.n);
}

/** Serialises one youth's play: two devices' pushes judge rewards one after the other. */
export async function lockYouth(db: Queryable, youthId: string): Promise<void> {
  await db.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [youthId]);
}

/** The youth behind a user id, with their birth date (a youth's sign-in belongs to a minor of a household). */
export async function youthOf(db: Queryable, userId: string): Promise<{ birthDate: string; name: string; householdId: string } | null> {
  const [row] = await db.query<{ birth_date: string; name: string; household_id: string }>(
    'SELECT m.birth_date::text AS birth_date, m.name, m.household_id FROM minors m WHERE m.user_id = $1',
    [userId],
  );
  return row ? { birthDate: row.birth_date, name: row.name, householdId: row.household_id } : null;
}

/** The youth of a household who have their own sign-in. */
export async function youthOfHousehold(db: Queryable, householdId: string): Promise<{ userId: string; name: string; birthDate: string }[]> {
  const rows = await db.query<{ user_id: string; name: string; birth_date: string }>(
    'SELECT m.user_id, m.name, m.birth_date::text AS birth_date FROM minors m WHERE m.household_id = $1 AND m.user_id IS NOT NULL ORDER BY m.birth_date, m.id',
    [householdId],
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, birthDate: r.birth_date }));
}

/** Everything the youth did that play counts: check-ins, bookings their providers redeemed, poll answers. */
export async function factsOf(db: Queryable, youthId: string): Promise<Fact[]> {
  // One after the other: inside a transaction the client runs one query at a time anyway.
  const checkins = await db.query<{
    at: Date;
    purpose: CheckinPurpose;
    kind: PlaceKind;
    hub_id: string | null;
    offer_id: string | null;
    category: Category | null;
  }>(
    `SELECT c.at, c.purpose, p.kind, p.hub_id, p.offer_id, o.category
       FROM checkins c JOIN checkin_places p ON p.id = c.place_id LEFT JOIN offers o ON o.id = p.offer_id
      WHERE c.youth_id = $1`,
    [youthId],
  );
  const redeemed = await db.query<{ at: Date; offer_id: string; category: Category }>(
    `SELECT b.redeemed_at AS at, b.offer_id, o.category
       FROM bookings b JOIN minors m ON m.id = b.minor_id JOIN offers o ON o.id = b.offer_id
      WHERE m.user_id = $1 AND b.status = 'redeemed'`,
    [youthId],
  );
  const polls = await db.query<{ at: Date; mission_id: string; step: number }>(
    'SELECT at, mission_id, step FROM poll_answers WHERE youth_id = $1',
    [youthId],
  );
  // Taking part in micro-project rounds: ideas (not those the hub removed), ballots, co-design meetings attended.
  const rounds = await db.query<{ kind: 'idea' | 'vote' | 'codesign'; at: Date; hub_id: string }>(
    `SELECT 'idea' AS kind, i.created_at AS at, r.hub_id
       FROM micro_ideas i JOIN micro_rounds r ON r.id = i.round_id
      WHERE i.author_id = $1 AND i.status <> 'removed'
     UNION ALL
     SELECT 'vote', v.voted_at, r.hub_id FROM micro_voters v JOIN micro_rounds r ON r.id = v.round_id WHERE v.user_id = $1
     UNION ALL
     SELECT 'codesign', s.attended_at, e.hub_id
       FROM hub_event_signups s JOIN hub_events e ON e.id = s.event_id
      WHERE s.user_id = $1 AND s.attended_at IS NOT NULL AND e.kind = 'codesign'`,
    [youthId],
  );
  return [
    ...rounds.map((r): Fact => ({ kind: r.kind, at: r.at.toISOString(), hubId: r.hub_id })),
    ...checkins.map((c): Fact => ({
      kind: 'checkin',
      at: c.at.toISOString(),
      purpose: c.purpose,
      placeKind: c.kind,
      hubId: c.hub_id,
      offerId: c.offer_id,
      category: c.category,
    })),
    ...redeemed.map((r): Fact => ({ kind: 'redeemed', at: r.at.toISOString(), offerId: r.offer_id, category: r.category })),
    ...polls.map((p): Fact => ({ kind: 'poll', at: p.at.toISOString(), missionId: p.mission_id, step: p.step })),
  ];
}

export type MissionRow = {
  id: string;
  hub_id: string | null;
  hub_name: string | null;
  title: Text;
  story: Text;
  age_min: number;
  age_max: number;
  starts_on: string;
  ends_on: string;
  steps: Step[];
  reward: number;
  badge: BadgeKey | null;
};
const MISSION_COLUMNS = `m.id, m.hub_id, h.name AS hub_name, m.title, m.story, m.age_min, m.age_max, m.starts_on::text AS starts_on, m.ends_on::text AS ends_on, m.steps, m.reward, m.badge`;

export async function insertMission(
  db: Queryable,
  id: string,
  input: MissionInput,
  hubId: string | null,
  by: string | null,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO missions (id, hub_id, title, story, age_min, age_max, starts_on, ends_on, steps, reward, badge, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
    [
      id,
      hubId,
      writtenText(input.title),
      writtenText(input.story),
      input.ageMin,
      input.ageMax,
      input.startsOn,
      input.endsOn,
      JSON.stringify(input.steps.map(stepText)),
      input.reward,
      input.badge,
      by,
      now,
    ],
  );
}

/** A poll step keeps only the languages written, as every other text does. */
function stepText(step: StepInput): Step {
  return step.kind === 'poll' ? { ...step, question: writtenText(step.question), options: step.options.map((o) => writtenText(o)) } : step;
}

/** Missions still running on or after a day (a check-in made in time may arrive days later). */
export async function missionsEndingFrom(db: Queryable, day: string, hubId?: string | null): Promise<MissionRow[]> {
  return hubId === undefined
    ? db.query<MissionRow>(
        `SELECT ${MISSION_COLUMNS} FROM missions m LEFT JOIN hubs h ON h.id = m.hub_id WHERE m.ends_on >= $1 ORDER BY m.ends_on, m.id`,
        [day],
      )
    : db.query<MissionRow>(
        `SELECT ${MISSION_COLUMNS} FROM missions m LEFT JOIN hubs h ON h.id = m.hub_id WHERE m.ends_on >= $1 AND (m.hub_id IS NULL OR m.hub_id = $2) ORDER BY m.ends_on, m.id`,
        [day, hubId],
      );
}

/** A mission as the rules read it (its days, ages and steps). */
export const missionRule = (m: MissionRow) => ({
  id: m.id,
  startsOn: m.starts_on,
  endsOn: m.ends_on,
  ageMin: m.age_min,
  ageMax: m.age_max,
  steps: m.steps,
});

/** A mission as devices are sent it, with each step's state and when the youth completed it. */
export const missionView = (m: MissionRow, steps: MissionStepView[], completedAt: string | null): MissionView => ({
  id: m.id,
  title: m.title,
  story: m.story,
  startsOn: m.starts_on,
  endsOn: m.ends_on,
  ageMin: m.age_min,
  ageMax: m.age_max,
  reward: m.reward,
  badge: m.badge,
  hubName: m.hub_name,
  steps,
  completedAt,
});

export async function missionById(db: Queryable, id: string): Promise<MissionRow | null> {
  const [row] = await db.query<MissionRow>(
    `SELECT ${MISSION_COLUMNS} FROM missions m LEFT JOIN hubs h ON h.id = m.hub_id WHERE m.id = $1`,
    [id],
  );
  return row ?? null;
}

export async function completedMissions(db: Queryable, youthId: string): Promise<Map<string, string>> {
  const rows = await db.query<{ mission_id: string; completed_at: Date }>(
    'SELECT mission_id, completed_at FROM mission_completions WHERE youth_id = $1',
    [youthId],
  );
  return new Map(rows.map((r) => [r.mission_id, r.completed_at.toISOString()]));
}

/** The missions a youth completed, whatever their days (the board shows the recent ones too). */
export async function missionsCompletedBy(db: Queryable, youthId: string, since: string): Promise<MissionRow[]> {
  return db.query<MissionRow>(
    `SELECT ${MISSION_COLUMNS} FROM missions m LEFT JOIN hubs h ON h.id = m.hub_id JOIN mission_completions c ON c.mission_id = m.id AND c.youth_id = $1
      WHERE m.ends_on < $2 ORDER BY c.completed_at DESC LIMIT 10`,
    [youthId, since],
  );
}

/** True the first time only: the reward goes with this row. */
export async function insertCompletion(db: Queryable, youthId: string, missionId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO mission_completions (youth_id, mission_id, completed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING mission_id',
    [youthId, missionId, now],
  );
  return rows.length > 0;
}

export async function insertBadge(db: Queryable, youthId: string, badge: BadgeKey, missionId: string | null, now: Date): Promise<void> {
  await db.query('INSERT INTO youth_badges (youth_id, badge, earned_at, mission_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    youthId,
    badge,
    now,
    missionId,
  ]);
}

export async function badgesOf(db: Queryable, youthId: string): Promise<EarnedBadge[]> {
  const rows = await db.query<{ badge: BadgeKey; earned_at: Date; mission_id: string | null }>(
    'SELECT badge, earned_at, mission_id FROM youth_badges WHERE youth_id = $1 ORDER BY earned_at, badge',
    [youthId],
  );
  return rows.map((r) => ({ key: r.badge, earnedAt: r.earned_at.toISOString(), missionId: r.mission_id }));
}

export async function insertPollAnswer(
  db: Queryable,
  a: { youthId: string; missionId: string; step: number; option: number; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO poll_answers (youth_id, mission_id, step, option, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING step',
    [a.youthId, a.missionId, a.step, a.option, a.at],
  );
  return rows.length > 0;
}

export async function pollAnswersOf(db: Queryable, youthId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ mission_id: string; step: number; option: number }>(
    'SELECT mission_id, step, option FROM poll_answers WHERE youth_id = $1',
    [youthId],
  );
  return new Map(rows.map((r) => [`${r.mission_id}:${r.step}`, r.option]));
}

export async function recentCheckins(db: Queryable, youthId: string, locale: Locale, limit = 20): Promise<CheckinView[]> {
  const rows = await db.query<{ id: string; at: Date; purpose: CheckinPurpose; credits: number; name: Text }>(
    `SELECT c.id, c.at, c.purpose, c.credits, CASE WHEN p.kind = 'hub' THEN jsonb_build_object('it', h.name) ELSE o.title END AS name
       FROM checkins c JOIN checkin_places p ON p.id = c.place_id ${PLACE_JOINS}
      WHERE c.youth_id = $1 ORDER BY c.at DESC, c.id LIMIT $2`,
    [youthId, limit],
  );
  return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), place: localized(r.name, locale), purpose: r.purpose, credits: r.credits }));
}

/** The places a youth may meet in a mission, and every hub: enough to show a check-in made offline. */
export async function placesForYouth(db: Queryable, missions: { steps: Step[] }[]): Promise<PlaceRow[]> {
  const offers = missions.flatMap((m) => m.steps.flatMap((s) => (s.kind === 'checkin' && s.offerId ? [s.offerId] : [])));
  return db.query<PlaceRow>(
    `SELECT ${PLACE_COLUMNS} FROM checkin_places p ${PLACE_JOINS} WHERE p.kind = 'hub' OR p.offer_id = ANY($1::uuid[]) ORDER BY p.code`,
    [offers],
  );
}

export type PlayRow = { board_hub_id: string | null; hub_name: string | null; pseudonym: string | null; reminders_on: boolean };

export async function playOf(db: Queryable, youthId: string): Promise<PlayRow> {
  const [row] = await db.query<PlayRow>(
    'SELECT y.board_hub_id, h.name AS hub_name, y.pseudonym, y.reminders_on FROM youth_play y LEFT JOIN hubs h ON h.id = y.board_hub_id WHERE y.youth_id = $1',
    [youthId],
  );
  return row ?? { board_hub_id: null, hub_name: null, pseudonym: null, reminders_on: true };
}

/** Joins (or leaves, with null) a hub's board; false when the pseudonym is taken on that board. */
export async function setBoard(db: Queryable, youthId: string, hubId: string | null, pseudonym: string | null): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO youth_play (youth_id, board_hub_id, pseudonym) VALUES ($1, $2, $3)
     ON CONFLICT (youth_id) DO UPDATE SET board_hub_id = excluded.board_hub_id, pseudonym = excluded.pseudonym
     WHERE NOT EXISTS (SELECT 1 FROM youth_play o WHERE o.board_hub_id = excluded.board_hub_id AND o.pseudonym = excluded.pseudonym AND o.youth_id <> $1)
     RETURNING youth_id`,
    [youthId, hubId, pseudonym],
  );
  return rows.length > 0;
}

/**
 * Joins a hub's board under a pseudonym; false when it is taken there. Two youth choosing the same name
 * at once: the board's unique index decides, and the second is told, its transaction going on.
 */
export async function joinBoard(db: Queryable, youthId: string, hubId: string, pseudonym: string): Promise<boolean> {
  await db.query('SAVEPOINT board');
  try {
    const set = await setBoard(db, youthId, hubId, pseudonym);
    await db.query('RELEASE SAVEPOINT board');
    return set;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await db.query('ROLLBACK TO SAVEPOINT board');
    return false;
  }
}

/** The sums of a youth's credit account: null before their first credit. */
export async function creditSums(
  db: Queryable,
  accountId: string,
): Promise<{ debitsPending: number; debitsPosted: number; creditsPosted: number } | null> {
  const [row] = await db.query<{ debits_pending: string; debits_posted: string; credits_posted: string }>(
    'SELECT debits_pending::text, debits_posted::text, credits_posted::text FROM ledger_balances WHERE id = $1',
    [accountId],
  );
  return row
    ? { debitsPending: Number(row.debits_pending), debitsPosted: Number(row.debits_posted), creditsPosted: Number(row.credits_posted) }
    : null;
}

export async function pseudonymTaken(db: Queryable, youthId: string, hubId: string, pseudonym: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM youth_play WHERE board_hub_id = $1 AND pseudonym = $2 AND youth_id <> $3', [
    hubId,
    pseudonym,
    youthId,
  ]);
  return rows.length > 0;
}

export async function setReminders(db: Queryable, youthId: string, on: boolean): Promise<void> {
  await db.query(
    'INSERT INTO youth_play (youth_id, reminders_on) VALUES ($1, $2) ON CONFLICT (youth_id) DO UPDATE SET reminders_on = excluded.reminders_on',
    [youthId, on],
  );
}

/** A hub's board this month: pseudonyms and credits earned by play (never spent, never money). */
export async function boardOf(db: Queryable, hubId: string, since: Date, youthId: string): Promise<BoardLine[]> {
  const rows = await db.query<{ youth_id: string; pseudonym: string; earned: string }>(
    `SELECT y.youth_id, y.pseudonym, coalesce(sum(t.amount), 0)::text AS earned
       FROM youth_play y
       LEFT JOIN ledger_accounts a ON a.owner_type = 'user' AND a.owner_id = y.youth_id::text AND a.kind = 'youth_credit'
       LEFT JOIN ledger_transfers t ON t.credit_account_id = a.id AND t.kind = 'single'
            AND t.code IN ('checkin_reward', 'mission_reward') AND t.created_at >= $2
      WHERE y.board_hub_id = $1
      GROUP BY y.youth_id, y.pseudonym
      ORDER BY coalesce(sum(t.amount), 0) DESC, y.pseudonym
      LIMIT 50`,
    [hubId, since],
  );
  let rank = 0;
  let last: string | null = null;
  return rows.map((r, i) => {
    if (r.earned !== last) rank = i + 1;
    last = r.earned;
    return { rank, pseudonym: r.pseudonym, earned: Number(r.earned), you: r.youth_id === youthId };
  });
}

export async function hubExists(db: Queryable, hubId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM hubs WHERE id = $1', [hubId])).length > 0;
}

export async function hubs(db: Queryable): Promise<{ id: string; name: string }[]> {
  return db.query<{ id: string; name: string }>('SELECT id, name FROM hubs ORDER BY name, id');
}
