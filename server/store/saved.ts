import type { Queryable } from './db';
import type { SavedOffers } from '$shared/saved';

/** The activities a person saved, most recent first. */
export async function loadSaved(db: Queryable, userId: string): Promise<SavedOffers> {
  const rows = await db.query<{ offer_id: string }>('SELECT offer_id FROM saved_offers WHERE user_id = $1 ORDER BY seq DESC', [userId]);
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

/** Saves an activity (saving it again keeps its first date); answers how many the person now has saved. */
export async function saveOffer(db: Queryable, userId: string, offerId: string, now: Date): Promise<number> {
  await db.query('INSERT INTO saved_offers (user_id, offer_id, saved_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    userId,
    offerId,
    now,
  ]);
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM saved_offers WHERE user_id = $1', [userId]);
  return Number(row?.n ?? 0);
}

export async function unsaveOffer(db: Queryable, userId: string, offerId: string): Promise<void> {
  await db.query('DELETE FROM saved_offers WHERE user_id = $1 AND offer_id = $2', [userId, offerId]);
}
