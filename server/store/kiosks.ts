import type { Queryable } from './db';
import type { KioskView } from '$shared/kiosk';

export type KioskRow = {
  id: string;
  hub_id: string;
  hub_name: string;
  hub_closed_at: Date | null;
  name: string;
  enrolled_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
};

const KIOSK_COLUMNS = `k.id, k.hub_id, hb.name AS hub_name, hb.closed_at AS hub_closed_at, k.name, k.enrolled_at, k.last_seen_at, k.revoked_at`;

/** The kiosk a credential names, revoked or not (the caller says why it no longer works). */
export async function kioskByToken(db: Queryable, tokenHash: string): Promise<KioskRow | null> {
  const [row] = await db.query<KioskRow>(`SELECT ${KIOSK_COLUMNS} FROM kiosks k JOIN hubs hb ON hb.id = k.hub_id WHERE k.token_hash = $1`, [
    tokenHash,
  ]);
  return row ?? null;
}

export async function kiosksOf(db: Queryable, hubId: string): Promise<KioskView[]> {
  const rows = await db.query<KioskRow>(
    `SELECT ${KIOSK_COLUMNS} FROM kiosks k JOIN hubs hb ON hb.id = k.hub_id WHERE k.hub_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.enrolled_at DESC, k.id`,
    [hubId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enrolledAt: r.enrolled_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** Records that the kiosk was seen, at most once a minute (every call of a busy kiosk would otherwise write). */
export async function touchKiosk(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query("UPDATE kiosks SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2::timestamptz - interval '1 minute'", [id, at]);
}

export async function insertEnrolment(
  db: Queryable,
  enrolment: { codeHash: string; hubId: string; name: string; by: string; at: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO kiosk_enrolments (code_hash, hub_id, name, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [enrolment.codeHash, enrolment.hubId, enrolment.name, enrolment.by, enrolment.at, enrolment.expiresAt],
  );
}

/** An enrolment code, locked so that two devices entering it at once cannot both become the kiosk. */
export async function lockEnrolment(db: Queryable, codeHash: string) {
  const [row] = await db.query<{
    hub_id: string;
    name: string;
    created_by: string;
    expires_at: Date;
    kiosk_id: string | null;
    hub_closed_at: Date | null;
  }>(
    `SELECT e.hub_id, e.name, e.created_by, e.expires_at, e.kiosk_id, hb.closed_at AS hub_closed_at
       FROM kiosk_enrolments e JOIN hubs hb ON hb.id = e.hub_id WHERE e.code_hash = $1 FOR UPDATE OF e`,
    [codeHash],
  );
  return row ?? null;
}

export async function insertKiosk(
  db: Queryable,
  kiosk: { hubId: string; name: string; tokenHash: string; by: string; at: Date; codeHash: string },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO kiosks (hub_id, name, token_hash, enrolled_by, enrolled_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id',
    [kiosk.hubId, kiosk.name, kiosk.tokenHash, kiosk.by, kiosk.at],
  );
  await db.query('UPDATE kiosk_enrolments SET kiosk_id = $2 WHERE code_hash = $1', [kiosk.codeHash, row.id]);
  return row.id;
}

/** Revokes a kiosk of the hub and ends every session opened on it; false when there is no such live kiosk. */
export async function revokeKiosk(db: Queryable, hubId: string, kioskId: string, by: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE kiosks SET revoked_at = $3, revoked_by = $4 WHERE id = $2 AND hub_id = $1 AND revoked_at IS NULL RETURNING 1',
    [hubId, kioskId, at, by],
  );
  if (rows.length === 0) return false;
  await db.query('DELETE FROM sessions WHERE kiosk_id = $1', [kioskId]);
  return true;
}

export async function deleteKioskSession(db: Queryable, tokenHash: string, kioskId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1 AND kiosk_id = $2', [tokenHash, kioskId]);
}

/**
 * The earliest time a queued check-in of this kiosk may claim: the latest one it sent, or its enrolment
 * when it has sent none. The row is locked, so two uploads at once are judged one after the other.
 */
export async function lockCheckinMark(db: Queryable, id: string): Promise<Date> {
  const [row] = await db.query<{ at: Date }>(
    'SELECT coalesce(checkins_synced_at, enrolled_at) AS at FROM kiosks WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row.at;
}

export async function markCheckinsSynced(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE kiosks SET checkins_synced_at = greatest(coalesce(checkins_synced_at, $2), $2) WHERE id = $1', [id, at]);
}
