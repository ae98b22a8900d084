import type { Queryable } from './db';
import type { Application, ProviderEvent, ProviderRecord, ProviderStatus, ProviderSummary } from '$shared/provider';
import type { Category } from '$shared/category';
import type { Municipio } from '$shared/municipi';

/** A new organisation's application; it waits for the city ('applied') unless told otherwise (seeds). */
export async function insertProvider(db: Queryable, app: Application, now: Date, status: ProviderStatus = 'applied'): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO providers (name, legal_form, municipio, tax_code, address, contact_email, phone, categories, places, documents, trained_staff, status, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      app.name,
      app.legalForm,
      app.municipio,
      app.taxCode,
      app.address,
      app.contactEmail,
      app.phone,
      app.categories,
      JSON.stringify(app.places),
      JSON.stringify(app.documents),
      JSON.stringify(app.trainedStaff),
      status,
      now,
    ],
  );
  return row.id;
}

/** The organisation corrects its application: it goes back to the city's queue as submitted now. */
export async function updateApplication(db: Queryable, id: string, app: Application, now: Date): Promise<void> {
  await db.query(
    `UPDATE providers SET name = $2, legal_form = $3, municipio = $4, tax_code = $5, address = $6, contact_email = $7, phone = $8,
            categories = $9, places = $10, documents = $11, trained_staff = $12, status = 'applied', status_reason = '', submitted_at = $13
      WHERE id = $1`,
    [
      id,
      app.name,
      app.legalForm,
      app.municipio,
      app.taxCode,
      app.address,
      app.contactEmail,
      app.phone,
      app.categories,
      JSON.stringify(app.places),
      JSON.stringify(app.documents),
      JSON.stringify(app.trainedStaff),
      now,
    ],
  );
}

/** A provider's standing, its row locked until the transaction ends: decisions on it go one at a time. */
export async function lockStatus(db: Queryable, id: string): Promise<ProviderStatus | null> {
  const [row] = await db.query<{ status: ProviderStatus }>('SELECT status FROM providers WHERE id = $1 FOR UPDATE', [id]);
  return row?.status ?? null;
}

/** A provider's standing, share-locked: it cannot change (a suspension) until the transaction ends. */
export async function shareStatus(db: Queryable, id: string): Promise<ProviderStatus | null> {
  const [row] = await db.query<{ status: ProviderStatus }>('SELECT status FROM providers WHERE id = $1 FOR SHARE', [id]);
  return row?.status ?? null;
}

/** A provider's standing and when it last changed (null if it never did): what a scan is paid under. */
export async function standingOf(db: Queryable, id: string): Promise<{ status: ProviderStatus; since: Date | null } | null> {
  const [row] = await db.query<{ status: ProviderStatus; since: Date | string | null }>(
    'SELECT p.status, (SELECT max(e.at) FROM provider_events e WHERE e.provider_id = p.id) AS since FROM providers p WHERE p.id = $1',
    [id],
  );
  return row ? { status: row.status, since: row.since === null ? null : new Date(row.since) } : null;
}

export async function setStatus(db: Queryable, id: string, status: ProviderStatus, reason: string): Promise<void> {
  await db.query('UPDATE providers SET status = $2, status_reason = $3 WHERE id = $1', [id, status, reason]);
}

export async function insertEvent(
  db: Queryable,
  event: { providerId: string; at: Date; from: ProviderStatus | null; to: ProviderStatus; reason: string; by: string | null },
): Promise<void> {
  await db.query('INSERT INTO provider_events (provider_id, at, from_status, to_status, reason, by_user) VALUES ($1, $2, $3, $4, $5, $6)', [
    event.providerId,
    event.at,
    event.from,
    event.to,
    event.reason,
    event.by,
  ]);
}

export async function loadProvider(db: Queryable, id: string): Promise<ProviderRecord | null> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT p.id, p.name, p.legal_form, p.status, p.status_reason, p.municipio::int AS municipio, p.tax_code, p.address, p.contact_email, p.phone,
            p.categories, p.places, p.documents, p.trained_staff, p.submitted_at,
            (SELECT count(*)::int FROM offers o WHERE o.provider_id = p.id) AS offer_count,
            (SELECT count(*)::int FROM bookings b WHERE b.provider_id = p.id AND b.status = 'confirmed') AS open_bookings
       FROM providers p WHERE p.id = $1`,
    [id],
  );
  if (!row) return null;
  const events = await db.query<{
    at: string;
    from_status: ProviderStatus | null;
    to_status: ProviderStatus;
    reason: string;
    by_name: string | null;
  }>(
    `SELECT e.at, e.from_status, e.to_status, e.reason, u.name AS by_name
       FROM provider_events e LEFT JOIN users u ON u.id = e.by_user
      WHERE e.provider_id = $1 ORDER BY e.id DESC`,
    [id],
  );
  return {
    id: String(row.id),
    name: String(row.name),
    legalForm: row.legal_form as ProviderRecord['legalForm'],
    status: row.status as ProviderStatus,
    statusReason: String(row.status_reason),
    municipio: Number(row.municipio) as Municipio,
    taxCode: String(row.tax_code ?? ''),
    address: String(row.address ?? ''),
    contactEmail: String(row.contact_email ?? ''),
    phone: String(row.phone ?? ''),
    categories: row.categories as Category[],
    places: row.places as ProviderRecord['places'],
    documents: row.documents as ProviderRecord['documents'],
    trainedStaff: row.trained_staff as ProviderRecord['trainedStaff'],
    submittedAt: new Date(row.submitted_at as string).toISOString(),
    offerCount: Number(row.offer_count),
    openBookings: Number(row.open_bookings),
    history: events.map((e): ProviderEvent => ({
      at: new Date(e.at).toISOString(),
      from: e.from_status,
      to: e.to_status,
      reason: e.reason,
      by: e.by_name,
    })),
  };
}

/** The city's list: applications waiting longest first, then everyone else by name. */
export async function listProviders(db: Queryable, status?: ProviderStatus): Promise<ProviderSummary[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT p.id, p.name, p.legal_form, p.status, p.municipio::int AS municipio, p.categories, p.submitted_at,
            (SELECT count(*)::int FROM offers o WHERE o.provider_id = p.id) AS offer_count
       FROM providers p
      WHERE $1::text IS NULL OR p.status = $1
      ORDER BY (p.status = 'applied') DESC, CASE WHEN p.status = 'applied' THEN p.submitted_at END, p.name, p.id
      LIMIT 1000`,
    [status ?? null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    legalForm: r.legal_form as ProviderSummary['legalForm'],
    status: r.status as ProviderStatus,
    municipio: Number(r.municipio) as Municipio,
    categories: r.categories as Category[],
    submittedAt: new Date(r.submitted_at as string).toISOString(),
    offerCount: Number(r.offer_count),
  }));
}

/** How many providers are in each standing (the list's tabs). */
export async function countByStatus(db: Queryable): Promise<Partial<Record<ProviderStatus, number>>> {
  const rows = await db.query<{ status: ProviderStatus; n: number }>('SELECT status, count(*)::int AS n FROM providers GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
