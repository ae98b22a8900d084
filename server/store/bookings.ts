import type { Queryable } from './db';
import type { Booking, CancelReason } from '$shared/booking';
import { cancelDeadline } from '$shared/booking';

/** A session and what booking it needs to know of its offer, locked so seats are counted one booking at a time. */
export type SessionForBooking = {
  sessionId: string;
  offerId: string;
  offerVersion: number;
  providerId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsTaken: number;
  bookable: boolean;
  ageMin: number;
  ageMax: number;
  priceCents: number;
  voucherAccepted: boolean;
  cancelHours: number;
  /** What a youth may pay in credits instead, when the provider takes them. */
  creditPrice: number | null;
};

/**
 * The session's provider, share-locked before a booking takes the session: the city's suspension (which
 * locks the provider first) waits for bookings under way, and bookings after it see the new standing.
 */
export async function shareProviderOfSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query(
    'SELECT 1 FROM providers p JOIN offers o ON o.provider_id = p.id JOIN offer_sessions s ON s.offer_id = o.id WHERE s.id = $1 FOR SHARE OF p',
    [sessionId],
  );
}

export async function lockSession(db: Queryable, sessionId: string): Promise<SessionForBooking | null> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT s.id, s.offer_id, o.version, o.provider_id, s.starts_at, s.ends_at, s.capacity, s.seats_taken,
            (s.status = 'scheduled' AND o.status = 'published' AND p.status = 'accredited') AS bookable,
            o.age_min::int AS age_min, o.age_max::int AS age_max, o.price_cents, o.voucher_accepted, o.cancel_hours::int AS cancel_hours, o.credit_price
       FROM offer_sessions s JOIN offers o ON o.id = s.offer_id JOIN providers p ON p.id = o.provider_id
      WHERE s.id = $1
        FOR UPDATE OF s`,
    [sessionId],
  );
  if (!row) return null;
  return {
    sessionId: String(row.id),
    offerId: String(row.offer_id),
    offerVersion: Number(row.version),
    providerId: String(row.provider_id),
    startsAt: new Date(row.starts_at as string),
    endsAt: new Date(row.ends_at as string),
    capacity: Number(row.capacity),
    seatsTaken: Number(row.seats_taken),
    bookable: Boolean(row.bookable),
    ageMin: Number(row.age_min),
    ageMax: Number(row.age_max),
    priceCents: Number(row.price_cents),
    voucherAccepted: Boolean(row.voucher_accepted),
    cancelHours: Number(row.cancel_hours),
    creditPrice: row.credit_price === null ? null : Number(row.credit_price),
  };
}

/** A session's start, unlocked: the deadline of booking it. */
export async function sessionStart(db: Queryable, sessionId: string): Promise<Date | null> {
  const [row] = await db.query<{ starts_at: string }>('SELECT starts_at FROM offer_sessions WHERE id = $1', [sessionId]);
  return row ? new Date(row.starts_at) : null;
}

/** Until when a booking may be cancelled: its session's start less the notice it was booked under. */
export async function bookingCancelDeadline(db: Queryable, bookingId: string): Promise<Date | null> {
  const [row] = await db.query<{ starts_at: string; cancel_hours: number }>(
    'SELECT s.starts_at, b.cancel_hours::int AS cancel_hours FROM bookings b JOIN offer_sessions s ON s.id = b.session_id WHERE b.id = $1',
    [bookingId],
  );
  return row ? cancelDeadline(new Date(row.starts_at), Number(row.cancel_hours)) : null;
}

export async function takeSeat(db: Queryable, sessionId: string, delta: 1 | -1): Promise<void> {
  await db.query('UPDATE offer_sessions SET seats_taken = seats_taken + $2 WHERE id = $1', [sessionId, delta]);
}

export type NewBooking = {
  id: string;
  session: SessionForBooking;
  householdId: string;
  minorId: string;
  bookedBy: string;
  voucherCents: number;
  holdId: string | null;
  /** Credits a youth pays instead, held by `creditHoldId`. */
  credits: number;
  creditHoldId: string | null;
  now: Date;
};

/** Records a booking; false when one already holds this child's seat in the session (or the id is taken). */
export async function insertBooking(db: Queryable, b: NewBooking): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO bookings (id, session_id, offer_id, offer_version, provider_id, household_id, minor_id, booked_by, price_cents, voucher_cents, hold_id, created_at, cancel_hours, credits, credit_hold_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      b.id,
      b.session.sessionId,
      b.session.offerId,
      b.session.offerVersion,
      b.session.providerId,
      b.householdId,
      b.minorId,
      b.bookedBy,
      b.session.priceCents,
      b.voucherCents,
      b.holdId,
      b.now,
      b.session.cancelHours,
      b.credits,
      b.creditHoldId,
    ],
  );
  return inserted.length === 1;
}

export async function bookingExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM bookings WHERE id = $1', [id])).length > 0;
}

export async function childHasSeat(db: Queryable, sessionId: string, minorId: string): Promise<boolean> {
  return (
    (await db.query("SELECT 1 FROM bookings WHERE session_id = $1 AND minor_id = $2 AND status <> 'cancelled'", [sessionId, minorId]))
      .length > 0
  );
}

/** A household's booking, locked for the rest of the transaction. */
export async function lockBooking(db: Queryable, householdId: string, id: string) {
  const [row] = await db.query<{
    id: string;
    session_id: string;
    minor_id: string;
    status: Booking['status'];
    hold_id: string | null;
    credit_hold_id: string | null;
  }>('SELECT id, session_id, minor_id, status, hold_id, credit_hold_id FROM bookings WHERE id = $1 AND household_id = $2 FOR UPDATE', [
    id,
    householdId,
  ]);
  return row ?? null;
}

export async function markCancelled(db: Queryable, id: string, now: Date, reason: CancelReason = 'family'): Promise<void> {
  await db.query("UPDATE bookings SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE id = $1", [id, now, reason]);
}

/**
 * The money a household's voucher has free to spend now (posted in, less posted and held out), its
 * row locked until the booking's transaction ends: two bookings of one family decide one after the other.
 */
export async function voucherAvailable(db: Queryable, accountId: string): Promise<number> {
  const [row] = await db.query<{ available: string }>(
    'SELECT (credits_posted - debits_posted - debits_pending)::text AS available FROM ledger_balances WHERE id = $1 FOR UPDATE',
    [accountId],
  );
  return row ? Number(row.available) : 0;
}

/** Every booking of a household, newest first, as its devices show them. */
export async function loadBookings(db: Queryable, householdId: string): Promise<Booking[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT b.id, b.status, b.offer_id, b.offer_version, coalesce(v.title, o.title) AS title, p.name AS provider_name, o.address,
            b.session_id, s.starts_at, s.ends_at, b.minor_id, m.name AS minor_name, b.price_cents, b.voucher_cents,
            b.cancel_hours::int AS cancel_hours, b.created_at, b.code, b.redeemed_cents, b.cancel_reason, b.credits
       FROM bookings b
       JOIN offer_sessions s ON s.id = b.session_id
       JOIN offers o ON o.id = b.offer_id
       -- The activity as it was booked (its name), not as its provider has renamed it since; but where it
       -- happens now, should the provider have moved it.
       LEFT JOIN offer_versions v ON v.offer_id = b.offer_id AND v.version = b.offer_version
       JOIN providers p ON p.id = b.provider_id
       JOIN minors m ON m.id = b.minor_id
      WHERE b.household_id = $1
      ORDER BY b.created_at DESC, b.id`,
    [householdId],
  );
  return rows.map((r) => {
    const startsAt = new Date(r.starts_at as string);
    return {
      id: String(r.id),
      status: r.status as Booking['status'],
      offerId: String(r.offer_id),
      offerVersion: Number(r.offer_version),
      title: r.title as Booking['title'],
      providerName: String(r.provider_name),
      address: String(r.address),
      sessionId: String(r.session_id),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(r.ends_at as string).toISOString(),
      minorId: String(r.minor_id),
      minorName: String(r.minor_name),
      priceCents: Number(r.price_cents),
      // Once redeemed, what the voucher really paid (less when the child came to fewer sessions).
      voucherCents: r.redeemed_cents === null ? Number(r.voucher_cents) : Number(r.redeemed_cents),
      // A seat paid in credits costs the family nothing.
      familyCents:
        Number(r.credits) > 0
          ? 0
          : Number(r.price_cents) - (r.redeemed_cents === null ? Number(r.voucher_cents) : Number(r.redeemed_cents)),
      credits: Number(r.credits),
      cancelUntil: cancelDeadline(startsAt, Number(r.cancel_hours)).toISOString(),
      createdAt: new Date(r.created_at as string).toISOString(),
      code: r.status === 'confirmed' ? ((r.code as string | null) ?? null) : null,
      cancelReason: (r.cancel_reason as CancelReason | null) ?? null,
    };
  });
}

export async function setCode(db: Queryable, id: string, code: string): Promise<void> {
  await db.query('UPDATE bookings SET code = $2 WHERE id = $1', [id, code]);
}

/** A booking as a provider's scan finds it, locked: whose, in what state, and what is held. */
export async function lockForRedemption(db: Queryable, id: string) {
  const [row] = await db.query<{
    provider_id: string;
    household_id: string;
    session_id: string;
    status: Booking['status'];
    hold_id: string | null;
    credit_hold_id: string | null;
    voucher_cents: number;
    starts_at: string;
  }>(
    `SELECT b.provider_id, b.household_id, b.session_id, b.status, b.hold_id, b.credit_hold_id, b.voucher_cents, s.starts_at
       FROM bookings b JOIN offer_sessions s ON s.id = b.session_id
      WHERE b.id = $1
        FOR UPDATE OF b`,
    [id],
  );
  return row ? { ...row, voucher_cents: Number(row.voucher_cents), startsAt: new Date(row.starts_at) } : null;
}

export async function markRedeemed(db: Queryable, id: string, by: string, cents: number, now: Date): Promise<void> {
  await db.query("UPDATE bookings SET status = 'redeemed', redeemed_at = $2, redeemed_by = $3, redeemed_cents = $4 WHERE id = $1", [
    id,
    now,
    by,
    cents,
  ]);
}

/** The sign-in of the child a booking is for, if they have their own. */
export async function youthOfBooking(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.query<{ user_id: string | null }>(
    'SELECT m.user_id FROM bookings b JOIN minors m ON m.id = b.minor_id WHERE b.id = $1',
    [id],
  );
  return row?.user_id ?? null;
}

/**
 * Bookings still open (a seat taken, perhaps a voucher hold) for sessions not yet begun, of a provider or
 * of one session, locked in a fixed order — the bookings, then their sessions, as a family's
 * cancellation takes them. A session already under way or over stays as it is: it may be redeemed.
 */
export async function lockOpenBookings(db: Queryable, scope: { providerId: string } | { sessionId: string }, now: Date) {
  const [column, id] = 'providerId' in scope ? ['provider_id', scope.providerId] : ['session_id', scope.sessionId];
  const rows = await db.query<{
    id: string;
    household_id: string;
    session_id: string;
    hold_id: string | null;
    credit_hold_id: string | null;
  }>(
    `SELECT b.id, b.household_id, b.session_id, b.hold_id, b.credit_hold_id
       FROM bookings b JOIN offer_sessions s ON s.id = b.session_id
      WHERE b.${column} = $1 AND b.status = 'confirmed' AND s.starts_at > $2
      ORDER BY b.id
        FOR UPDATE OF b`,
    [id, now],
  );
  const sessions = [...new Set(rows.map((r) => r.session_id))].sort();
  if (sessions.length) await db.query('SELECT id FROM offer_sessions WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [sessions]);
  return rows;
}
