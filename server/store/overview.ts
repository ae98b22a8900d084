import type { Queryable } from './db';
import type { OfferSummary, CityOverview, HubOverview, ProviderOverview } from '$shared/overview';

type OfferRow = {
  id: string;
  category: OfferSummary['category'];
  title: Record<string, string>;
  price_cents: number;
  municipio: number;
  age_min: number;
  age_max: number;
};

function toOffer(row: OfferRow): OfferSummary {
  return {
    id: row.id,
    category: row.category,
    title: row.title,
    priceCents: Number(row.price_cents),
    municipio: Number(row.municipio),
    ageMin: Number(row.age_min),
    ageMax: Number(row.age_max),
  };
}

export async function providerOverview(db: Queryable, providerId: string): Promise<ProviderOverview | null> {
  const [provider] = await db.query<{
    id: string;
    name: string;
    status: ProviderOverview['status'];
    status_reason: string;
    legal_form: string;
    municipio: number;
  }>('SELECT id, name, status, status_reason, legal_form, municipio::int AS municipio FROM providers WHERE id = $1', [providerId]);
  if (!provider) return null;
  const offers = await db.query<OfferRow>(
    'SELECT id, category, title, price_cents, municipio::int AS municipio, age_min::int AS age_min, age_max::int AS age_max FROM offers WHERE provider_id = $1 ORDER BY category, id',
    [providerId],
  );
  const projects = await db.query<{
    id: string;
    round_id: string;
    hub_name: string;
    title: Record<string, string>;
    cost: string;
    milestones: { amount: number }[];
    confirmed: number[];
    closed: boolean;
  }>(
    `SELECT p.id, p.round_id, h.name AS hub_name, p.title, p.cost::text, p.milestones, p.closed_at IS NOT NULL AS closed,
            coalesce((SELECT array_agg(r.idx) FROM micro_milestone_reports r WHERE r.project_id = p.id), '{}') AS confirmed
       FROM micro_projects p JOIN micro_rounds mr ON mr.id = p.round_id JOIN hubs h ON h.id = mr.hub_id
      WHERE p.provider_id = $1 AND p.funded_at IS NOT NULL
      ORDER BY p.funded_at DESC, p.id`,
    [providerId],
  );
  return {
    id: provider.id,
    name: provider.name,
    status: provider.status,
    statusReason: provider.status_reason,
    municipio: Number(provider.municipio),
    offers: offers.map(toOffer),
    projects: projects.map((p) => {
      const paid = p.milestones.reduce((sum, m, idx) => sum + (p.confirmed.includes(idx) ? m.amount : 0), 0);
      return {
        id: p.id,
        roundId: p.round_id,
        hubName: p.hub_name,
        title: p.title,
        cost: Number(p.cost),
        paid,
        held: p.closed ? 0 : Number(p.cost) - paid,
        milestones: p.milestones.length,
        confirmed: p.confirmed.length,
        closed: p.closed,
      };
    }),
  };
}

export async function hubOverview(db: Queryable, hubId: string): Promise<HubOverview | null> {
  const [hub] = await db.query<{ id: string; name: string; address: string; municipio: number; closed_at: Date | null }>(
    'SELECT id, name, address, municipio::int AS municipio, closed_at FROM hubs WHERE id = $1',
    [hubId],
  );
  if (!hub) return null;
  const [youth] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM minors m JOIN households h ON h.id = m.household_id WHERE h.municipio = $1',
    [hub.municipio],
  );
  const { closed_at, ...rest } = hub;
  return { ...rest, municipio: Number(hub.municipio), minorsInMunicipio: Number(youth.n), closedAt: closed_at?.toISOString() ?? null };
}

export async function cityOverview(db: Queryable): Promise<CityOverview> {
  const [counts] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM households) AS households,
            (SELECT count(*)::int FROM minors) AS minors,
            (SELECT count(*)::int FROM providers WHERE status = 'accredited') AS providers,
            (SELECT count(*)::int FROM offers) AS offers,
            (SELECT count(*)::int FROM hubs WHERE closed_at IS NULL) AS hubs`,
  );
  const byMunicipio = await db.query<{ municipio: number; households: number; minors: number; offers: number }>(
    `SELECT m.municipio,
            (SELECT count(*)::int FROM households h WHERE h.municipio = m.municipio) AS households,
            (SELECT count(*)::int FROM minors mi JOIN households h ON h.id = mi.household_id WHERE h.municipio = m.municipio) AS minors,
            (SELECT count(*)::int FROM offers o WHERE o.municipio = m.municipio) AS offers
       FROM generate_series(1, 9) AS m(municipio)
      ORDER BY m.municipio`,
  );
  return {
    households: Number(counts.households),
    minors: Number(counts.minors),
    providers: Number(counts.providers),
    offers: Number(counts.offers),
    hubs: Number(counts.hubs),
    byMunicipio: byMunicipio.map((r) => ({
      municipio: Number(r.municipio),
      households: Number(r.households),
      minors: Number(r.minors),
      offers: Number(r.offers),
    })),
  };
}
