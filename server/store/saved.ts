import type { Queryable } from './db';
import type { SavedOffers } from '$shared/saved';

/** An activity still offered: published, by a provider still accredited. */
const OFFERED = `EXISTS (SELECT 1 FROM offers o JOIN providers p ON p.id = o.provider_id
                  WHERE o.id = s.offer_id AND o.status = 'published' AND p.status = 'accredited')`;

/** The activities a person saved that are still offered, most recent first (one withdrawn since drops out). */
export async function loadSaved(db: Queryable, userId: string): Promise<SavedOffers> {
  const rows = await db.query<{ offer_id: string }>(
    `SELECT s.offer_id FROM saved_offers s WHERE s.user_id = $1 AND ${OFFERED} ORDER BY s.seq DESC`,
    [userId],
  );
  return { offerIds: rows.map((row) => row.offer_id) };
}

/** Whether an activity may be saved now: published, by a provider still accredited. */
export async function offerPublished(db: Queryable, offerId: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT (o.status = 'published' AND p.status = 'accredited') AS ok FROM offers o JOIN providers p ON p.id = o.provider_id WHERE o.id = $1`,
    [offerId],
  );
  return Boolean(row?.ok);
}

/**
 * Saves an activity (saving it again keeps its place); answers how many still offered the person now
 * has saved. The person's row is locked first, so two devices saving at once count one after the other.
 */
export async function saveOffer(db: Queryable, userId: string, offerId: string, now: Date): Promise<number> {
  await db.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
  await db.query('INSERT INTO saved_offers (user_id, offer_id, saved_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    userId,
    offerId,
    now,
  ]);
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM saved_offers s WHERE s.user_id = $1 AND ${OFFERED}`, [
    userId,
  ]);
  return Number(row?.n ?? 0);
}

export async function unsaveOffer(db: Queryable, userId: string, offerId: string): Promise<void> {
  await db.query('DELETE FROM saved_offers WHERE user_id = $1 AND offer_id = $2', [userId, offerId]);
}
