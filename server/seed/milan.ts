import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import { hashPassword } from '../services/passwords';
import { CATEGORIES } from '$shared/category';
import { ACCESSIBILITY, PILLARS, SPOKEN_LANGUAGES } from '$shared/catalogue';
import { DEMO_PASSWORD } from './demo';
import { applicationCode } from '$shared/calls';
import { isoDateIn } from '$shared/dates';

/** The size of the real programme in Milan (its providers, activities and households), for benchmarks. */
export const MILAN = { providers: 150, offers: 751, households: 20_000 } as const;
const CHUNK = 1_000;

/** A small seeded generator: the same Milan every time, so benchmark runs compare like with like. */
export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Progress = (done: number, total: number, label: string) => void;

/**
 * Milan-sized data: 150 providers, 751 offers, 20,000 households with minors across the 9 municipi;
 * sessions and ages are reckoned from `now`.
 */
export async function seedMilan(db: Db, now: Date, progress: Progress): Promise<boolean> {
  const [already] = await db.query("SELECT 1 FROM users WHERE email = 'guardian1@milan.wishmi.test'");
  if (already) return false;
  const random = mulberry32(2019);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const total = MILAN.providers + MILAN.offers + MILAN.households;
  let done = 0;

  const providerIds = Array.from({ length: MILAN.providers }, () => randomUUID());
  const providerMunicipi = providerIds.map(() => 1 + Math.floor(random() * 9));
  await db.query(
    `INSERT INTO providers (id, name, legal_form, municipio, status, tax_code, address, categories)
     SELECT id, 'Ente ' || n, (ARRAY['public', 'for_profit', 'non_profit'])[1 + n % 3], m, 'accredited', lpad(n::text, 11, '0'), 'Milano', '{art,health,school,sport,stem}'
       FROM unnest($1::uuid[], $2::int[]) WITH ORDINALITY AS t(id, m, n)`,
    [providerIds, providerMunicipi],
  );
  progress((done += MILAN.providers), total, 'providers');

  await seedOffers(db, providerIds, providerMunicipi, MILAN.offers, random, now);
  progress((done += MILAN.offers), total, 'offers');

  // Children of every age from newborn to 17 in the year of `now`.
  const thisYear = Number(isoDateIn(now).slice(0, 4));
  for (let start = 0; start < MILAN.households; start += CHUNK) {
    const size = Math.min(CHUNK, MILAN.households - start);
    const households = Array.from({ length: size }, () => ({ id: randomUUID(), municipio: 1 + Math.floor(random() * 9) }));
    const minors = households.flatMap((h) =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const year = thisYear - 17 + Math.floor(random() * 17);
        const month = 1 + Math.floor(random() * 12);
        const day = 1 + Math.floor(random() * 28);
        return {
          household: h.id,
          birth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          disability: random() < 0.04,
        };
      }),
    );
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO households (id, municipio) SELECT * FROM unnest($1::uuid[], $2::int[])', [
        households.map((h) => h.id),
        households.map((h) => h.municipio),
      ]);
      await tx.query(
        `INSERT INTO users (email, password_hash, name, role, household_id)
         SELECT 'guardian' || ($1::int + n) || '@milan.wishmi.test', $2, 'Genitore ' || ($1::int + n), 'guardian', id
           FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, n)`,
        [start, passwordHash, households.map((h) => h.id)],
      );
      await tx.query(
        `INSERT INTO minors (household_id, name, birth_date, disability)
         SELECT h, 'Minore', b::date, d FROM unnest($1::uuid[], $2::text[], $3::bool[]) AS t(h, b, d)`,
        [minors.map((m) => m.household), minors.map((m) => m.birth), minors.map((m) => m.disability)],
      );
    });
    progress((done += size), total, 'households');
  }
  return true;
}

/**
 * Offers spread over Milan with weekly sessions for the six weeks after `now`, by the given providers:
 * the Milan seed's 751, or the catalogue benchmark's stress set. `random` makes the same offers every time.
 */
export async function seedOffers(
  db: Queryable,
  providerIds: string[],
  providerMunicipi: number[],
  count: number,
  random: () => number,
  now: Date,
): Promise<void> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const offers = Array.from({ length: count }, (_, i) => {
    const provider = i % providerIds.length;
    const municipio = providerMunicipi[provider];
    const category = pick(CATEGORIES);
    const ageMin = 3 + Math.floor(random() * 10);
    const some = <T>(items: readonly T[], most: number) => [
      ...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(items))),
    ];
    return {
      provider: providerIds[provider],
      category,
      pillars: some(PILLARS, 3),
      accessibility: some(ACCESSIBILITY, 3),
      languages: ['it', ...some(SPOKEN_LANGUAGES, 3).filter((l) => l !== 'it')],
      weekdays: some([1, 2, 3, 4, 5, 6], 2),
      hour: 9 + Math.floor(random() * 10),
      capacity: 5 + Math.floor(random() * 20),
      title: JSON.stringify({ it: `Attività ${category} ${i + 1}`, en: `${category} activity ${i + 1}` }),
      ageMin,
      ageMax: Math.min(18, ageMin + 3 + Math.floor(random() * 6)),
      price: 1000 * (1 + Math.floor(random() * 20)),
      municipio,
      // Scattered around Milan's centre (Duomo), a few kilometres either way.
      lat: 45.4642 + (random() - 0.5) * 0.12,
      lon: 9.19 + (random() - 0.5) * 0.16,
      id: randomUUID(),
    };
  });
  await db.query(
    `INSERT INTO offers (id, provider_id, category, title, description, age_min, age_max, price_cents, address, municipio, lat, lon, pillars, accessibility, languages)
     SELECT id, p, c, t::jsonb, '{"it": "Descrizione"}'::jsonb, a1, a2, pr, 'Milano', m, la, lo,
            string_to_array(pi, ','), string_to_array(ac, ','), string_to_array(la2, ',')
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::uuid[])
         AS t(p, c, t, a1, a2, pr, m, la, lo, pi, ac, la2, id)`,
    [
      offers.map((o) => o.provider),
      offers.map((o) => o.category),
      offers.map((o) => o.title),
      offers.map((o) => o.ageMin),
      offers.map((o) => o.ageMax),
      offers.map((o) => o.price),
      offers.map((o) => o.municipio),
      offers.map((o) => o.lat),
      offers.map((o) => o.lon),
      // Arrays of arrays must be rectangular in PostgreSQL: each list travels as one comma-separated text.
      offers.map((o) => o.pillars.join(',')),
      offers.map((o) => o.accessibility.join(',')),
      offers.map((o) => o.languages.join(',')),
      offers.map((o) => o.id),
    ],
  );
  // Weekly sessions for the next six weeks, at each offer's hour in Milan.
  await db.query(
    `INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity)
     SELECT o, (d::date + make_interval(hours => h)) AT TIME ZONE 'Europe/Rome', (d::date + make_interval(hours => h, mins => 90)) AT TIME ZONE 'Europe/Rome', cap
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[]) AS t(o, wd, h, cap),
            generate_series(($5::timestamptz AT TIME ZONE 'Europe/Rome')::date + 1, ($5::timestamptz AT TIME ZONE 'Europe/Rome')::date + 42, interval '1 day') AS d
      WHERE extract(dow FROM d::date)::int = ANY(string_to_array(wd, ',')::int[])`,
    [offers.map((o) => o.id), offers.map((o) => o.weekdays.join(',')), offers.map((o) => o.hour), offers.map((o) => o.capacity), now],
  );
}

/** A progress bar on a terminal; a line every tenth of the way elsewhere (CI logs). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  let lastTenth = -1;
  return (done, total, label) => {
    const ratio = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${label} ${done}/${total}`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    } else if (Math.floor(ratio * 10) !== lastTenth) {
      lastTenth = Math.floor(ratio * 10);
      stream.write(`${line}\n`);
    }
  };
}

/**
 * Every Milan-sized household applying to a call, as its guardian would through the app: ISEE spread
 * from 0 to EUR 32,000 (some above the ceiling), a few single parents and disabled adults, the minors
 * from the household's profile. For the call's scale test and benchmark; the same every time.
 */
export async function seedMilanApplications(db: Db, callId: string, at: Date, random = mulberry32(2020)): Promise<number> {
  const households = await db.query<{
    id: string;
    municipio: number;
    guardian: string;
    minors: { birthDate: string; disability: boolean }[];
  }>(
    `SELECT h.id, h.municipio, u.id AS guardian,
            (SELECT jsonb_agg(jsonb_build_object('birthDate', m.birth_date::text, 'disability', m.disability) ORDER BY m.birth_date, m.id) FROM minors m WHERE m.household_id = h.id) AS minors
       FROM households h JOIN users u ON u.household_id = h.id AND u.role = 'guardian'
      WHERE u.email LIKE '%@milan.wishmi.test' ORDER BY u.email`,
  );
  const codes = new Set<string>();
  const bytes = new Uint8Array(8);
  const code = () => {
    for (;;) {
      for (let i = 0; i < 8; i++) bytes[i] = Math.floor(random() * 256);
      const c = applicationCode(bytes);
      if (!codes.has(c)) return codes.add(c) && c;
    }
  };
  for (let start = 0; start < households.length; start += CHUNK) {
    const chunk = households.slice(start, start + CHUNK).map((h, i) => ({
      ...h,
      code: code(),
      isee: Math.floor(random() * 32_000_00),
      single: random() < 0.15,
      disabledAdults: random() < 0.03 ? 1 : 0,
      at: new Date(at.getTime() + (start + i) * 1000),
    }));
    await db.query(
      `INSERT INTO call_applications (id, call_id, household_id, code, status, municipio, resident, isee_cents, dsu, single_parent, disabled_adults, minors, submitted_by, submitted_at)
       SELECT gen_random_uuid(), $1, h, c, 'submitted', m, true, i, 'INPS-ISEE-2026-' || lpad(n::text, 8, '0') || 'A-00', s, d, mi, g, a
         FROM unnest($2::uuid[], $3::text[], $4::smallint[], $5::bigint[], $6::bool[], $7::smallint[], $8::jsonb[], $9::uuid[], $10::timestamptz[]) WITH ORDINALITY
           AS t(h, c, m, i, s, d, mi, g, a, n)`,
      [
        callId,
        chunk.map((h) => h.id),
        chunk.map((h) => h.code),
        chunk.map((h) => h.municipio),
        chunk.map((h) => h.isee),
        chunk.map((h) => h.single),
        chunk.map((h) => h.disabledAdults),
        chunk.map((h) => JSON.stringify(h.minors ?? [])),
        chunk.map((h) => h.guardian),
        chunk.map((h) => h.at),
      ],
    );
  }
  return households.length;
}
