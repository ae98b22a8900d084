import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import type { CatalogueDelta, CatalogueOffer } from '$shared/catalogue';

describe.each(ENGINES)('the catalogue feed (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
  });
  afterAll(() => t.close());

  const delta = async (since?: string) => {
    const res = await t.call<CatalogueDelta>(
      'GET',
      since === undefined ? '/api/catalogue' : `/api/catalogue?since=${encodeURIComponent(since)}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  type Followed = { offers: Map<string, CatalogueOffer>; removed: Set<string>; pages: CatalogueDelta[]; cursor: string };
  /**
   * Reads the feed from `since` until `done` holds of what arrived. On a shared PostgreSQL server,
   * other databases' transactions hold the horizon back for a moment: the feed is right, only later.
   */
  const follow = async (since: string, done: (got: Followed) => boolean): Promise<Followed> => {
    const got: Followed = { offers: new Map(), removed: new Set(), pages: [], cursor: since };
    for (let i = 0; i < 400; i++) {
      const page = await delta(got.cursor);
      got.pages.push(page);
      for (const offer of page.offers) {
        got.offers.set(offer.id, offer);
        got.removed.delete(offer.id);
      }
      for (const id of page.removed) {
        got.removed.add(id);
        got.offers.delete(id);
      }
      got.cursor = page.cursor;
      if (page.more) continue;
      if (done(got)) return got;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('The feed never caught up');
  };
  const offerId = async (title: string) =>
    (await t.db.query<{ id: string }>("SELECT id FROM offers WHERE title->>'it' = $1", [title]))[0].id;
  /** How many offers families may see now (of one provider, if given), counted in the database. */
  const published = async (providerId?: string) =>
    (
      await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM offers o JOIN providers p ON p.id = o.provider_id WHERE o.status = 'published' AND p.status = 'accredited' AND ($1::uuid IS NULL OR p.id = $1)",
        [providerId ?? null],
      )
    )[0].n;

  it('gives a new device the whole catalogue, to anyone, with upcoming sessions in Milan time', async () => {
    const all = await published();
    const first = await follow('0', (got) => got.offers.size === all);
    expect(first.removed.size).toBe(0);
    const swimming = [...first.offers.values()].find((o) => o.title.it === 'Nuoto per ragazzi')!;
    expect(swimming).toMatchObject({
      version: 1,
      providerName: 'Polisportiva Navigli',
      category: 'sport',
      pillars: ['physical', 'health'],
      accessibility: ['wheelchair', 'step_free', 'accessible_toilet'],
      languages: ['it', 'en', 'ar'],
      ageMin: 6,
      ageMax: 14,
      priceCents: 120_00,
      creditPrice: null,
      voucherAccepted: true,
      municipio: 6,
      title: expect.objectContaining({ ar: 'السباحة للأطفال' }),
    } satisfies Partial<CatalogueOffer>);
    // Tuesdays and Thursdays at 17:00 in Milan (16:00 UTC in winter), from the day after: every one still to come.
    const [{ n: upcoming }] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM offer_sessions WHERE offer_id = $1 AND status = 'scheduled' AND starts_at > $2",
      [swimming.id, t.clock.now()],
    );
    expect(swimming.sessions).toHaveLength(upcoming);
    expect(swimming.sessions[0]).toEqual({
      id: expect.any(String),
      startsAt: '2026-11-26T16:00:00.000Z',
      endsAt: '2026-11-26T17:00:00.000Z',
      weekday: 4,
      capacity: 12,
      seatsLeft: 12,
    });
    expect(swimming.sessions.every((s) => s.weekday === 2 || s.weekday === 4)).toBe(true);
    expect([...first.offers.values()].find((o) => o.title.it === 'Basket al parco')!.creditPrice).toBe(40);
  });

  it('then sends only what changed: an edited offer, a new session, and nothing twice', async () => {
    const all = await published();
    const { cursor } = await follow('0', (got) => got.offers.size === all);
    expect((await delta(cursor)).offers).toEqual([]);

    const robotics = await offerId('Robotica creativa');
    await t.db.query('UPDATE offers SET title = title || \'{"en": "Creative robotics lab"}\' WHERE id = $1', [robotics]);
    const edited = await follow(cursor, (got) => got.offers.size > 0);
    expect([...edited.offers.values()].map((o) => [o.title.en, o.version])).toEqual([['Creative robotics lab', 2]]);

    const comics = await offerId('Laboratorio di fumetto');
    await t.db.query(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) VALUES ($1, '2027-02-01T15:00:00Z', '2027-02-01T17:00:00Z', 6)",
      [comics],
    );
    const added = await follow(edited.cursor, (got) => got.offers.size > 0);
    expect([...added.offers.keys()]).toEqual([comics]);
    expect(added.offers.get(comics)!.sessions.at(-1)).toMatchObject({ startsAt: '2027-02-01T15:00:00.000Z', capacity: 6 });
    expect(await delta(added.cursor)).toMatchObject({ offers: [], removed: [] });
    // New dates are not a new version of the offer; its terms are.
    expect(added.offers.get(comics)!.version).toBe(1);
  });

  it('tells a device whose cursor came from another database to start over', async () => {
    const all = await published();
    const { cursor } = await follow('0', (got) => got.offers.size === all);
    const [epoch, position] = cursor.split('.');
    const foreign = await delta(`0123456789.${position}`);
    expect(foreign.reset).toBe(true);
    expect(foreign.offers.length).toBeGreaterThan(0);
    expect(foreign.cursor.startsWith(`${epoch}.`)).toBe(true);
    const ahead = await delta(`${epoch}.18446744073709551000`);
    expect(ahead.reset).toBe(true);
    expect((await delta(cursor)).reset).toBe(false);
  });

  it('drops a withdrawn offer and every offer of a suspended provider, and brings them back when restored', async () => {
    const all = await published();
    const { cursor } = await follow('0', (got) => got.offers.size === all);
    const listening = await offerId('Sportello di ascolto');
    await t.db.query("UPDATE offers SET status = 'withdrawn' WHERE id = $1", [listening]);
    const withdrawn = await follow(cursor, (got) => got.removed.size > 0);
    expect([withdrawn.offers.size, [...withdrawn.removed]]).toEqual([0, [listening]]);

    const [{ id: bovisa }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Laboratorio Bovisa Arte e Scienza'");
    const bovisaOffers = await published(bovisa);
    expect(bovisaOffers).toBeGreaterThan(0);
    await t.db.query("UPDATE providers SET status = 'suspended' WHERE id = $1", [bovisa]);
    const suspended = await follow(withdrawn.cursor, (got) => got.removed.size >= bovisaOffers);
    expect([suspended.offers.size, suspended.removed.size]).toEqual([0, bovisaOffers]);

    await t.db.query("UPDATE providers SET status = 'accredited' WHERE id = $1", [bovisa]);
    await t.db.query("UPDATE offers SET status = 'published' WHERE id = $1", [listening]);
    const restored = await follow(suspended.cursor, (got) => got.offers.size >= bovisaOffers + 1);
    expect([restored.offers.size, restored.removed.size]).toEqual([bovisaOffers + 1, 0]);
    // A change that families do not see (the provider's own record) sends nothing.
    await t.db.query('UPDATE providers SET municipio = municipio WHERE id = $1', [bovisa]);
    await t.db.query('UPDATE offers SET version = version WHERE id = $1', [listening]);
    const after = await follow(restored.cursor, (got) => got.offers.size > 0);
    expect([...after.offers.keys()]).toEqual([listening]);
  });

  it('pages a large catalogue with no offer missed or repeated', async () => {
    const all = await published();
    const { cursor } = await follow('0', (got) => got.offers.size === all);
    await t.db.query(
      `INSERT INTO offers (provider_id, category, title, description, age_min, age_max, price_cents, address, municipio, lat, lon)
       SELECT (SELECT id FROM providers ORDER BY name LIMIT 1), 'stem', jsonb_build_object('it', 'Corso ' || n), '{}'::jsonb, 6, 12, 1000, 'Milano', 1, 45.46, 9.19
         FROM generate_series(1, 1234) AS n`,
    );
    const got = await follow(cursor, (g) => g.offers.size >= 1234);
    const delivered = got.pages.flatMap((p) => p.offers.map((o) => o.id));
    expect(delivered).toHaveLength(1234);
    expect(new Set(delivered).size).toBe(1234);
    expect(got.pages.every((p) => p.offers.length <= 500)).toBe(true);
    expect(got.pages.filter((p) => p.more).map((p) => p.offers.length)).toEqual([500, 500]);
  });

  it('refuses a cursor it never gave, with a clear message, whoever asks', async () => {
    for (const bad of [
      'abc',
      '-1',
      '12',
      '0123456789.12:not-a-uuid',
      '0123456789.012',
      '0123456789.18446744073709551616',
      `0123456789.${'1'.repeat(21)}`,
    ]) {
      const res = await t.call('GET', `/api/catalogue?since=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'since', code: 'field_cursor', message: expect.any(String) }]);
    }
  });

  it.runIf(engine === 'postgres')('never skips a change committed after a later one was read', async () => {
    const all = await published();
    const { cursor } = await follow('0', (got) => got.offers.size === all);
    const slowId = await offerId('Aiuto compiti');
    const quickId = await offerId('Visita logopedica');
    // A second connection to the same schema holds a change open while another commits and is read.
    const [{ search_path: path }] = await t.db.query<{ search_path: string }>('SHOW search_path');
    const slow = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${path}` });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query('UPDATE offers SET version = version + 1 WHERE id = $1', [slowId]);
      await t.db.query('UPDATE offers SET version = version + 1 WHERE id = $1', [quickId]);
      const during = await delta(cursor);
      // The open change started first: nothing after it is handed out yet, so it cannot be passed over.
      expect(during.offers.map((o) => o.id)).not.toContain(slowId);
      await slow.query('COMMIT');
      const after = await follow(
        during.cursor,
        (got) => got.offers.has(slowId) && (got.offers.has(quickId) || during.offers.some((o) => o.id === quickId)),
      );
      expect(after.offers.has(slowId)).toBe(true);
    } finally {
      await slow.end();
    }
  });
});
