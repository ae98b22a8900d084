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
    const res = await t.call<CatalogueDelta>('GET', since === undefined ? '/api/catalogue' : `/api/catalogue?since=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const offerId = async (title: string) => (await t.db.query<{ id: string }>("SELECT id FROM offers WHERE title->>'it' = $1", [title]))[0].id;

  it('gives a new device the whole catalogue, to anyone, with upcoming sessions in Milan time', async () => {
    const first = await delta();
    expect(first.more).toBe(false);
    expect(first.removed).toEqual([]);
    expect(first.offers).toHaveLength(12);
    const swimming = first.offers.find((o) => o.title.it === 'Nuoto per ragazzi')!;
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
    // Tuesdays and Thursdays at 17:00 in Milan (16:00 UTC in winter), eight weeks from the day after.
    expect(swimming.sessions).toHaveLength(16);
    expect(swimming.sessions[0]).toEqual({ id: expect.any(String), startsAt: '2026-11-26T16:00:00.000Z', endsAt: '2026-11-26T17:00:00.000Z', weekday: 4, capacity: 12, seatsLeft: 12 });
    expect(swimming.sessions.every((s) => s.weekday === 2 || s.weekday === 4)).toBe(true);
    expect(first.offers.find((o) => o.title.it === 'Basket al parco')!.creditPrice).toBe(40);
  });

  it('then sends only what changed: an edited offer, a new session, and nothing twice', async () => {
    const { cursor } = await delta();
    expect(await delta(cursor)).toMatchObject({ offers: [], removed: [], more: false });

    const robotics = await offerId('Robotica creativa');
    await t.db.query("UPDATE offers SET title = title || '{\"en\": \"Creative robotics lab\"}', version = version + 1 WHERE id = $1", [robotics]);
    const edited = await delta(cursor);
    expect(edited.offers.map((o) => [o.title.en, o.version])).toEqual([['Creative robotics lab', 2]]);

    const comics = await offerId('Laboratorio di fumetto');
    await t.db.query("INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) VALUES ($1, '2027-02-01T15:00:00Z', '2027-02-01T17:00:00Z', 6)", [comics]);
    const added = await delta(edited.cursor);
    expect(added.offers.map((o) => o.id)).toEqual([comics]);
    expect(added.offers[0].sessions.at(-1)).toMatchObject({ startsAt: '2027-02-01T15:00:00.000Z', capacity: 6 });
    expect(await delta(added.cursor)).toMatchObject({ offers: [], removed: [] });
  });

  it('drops a withdrawn offer and every offer of a suspended provider, and brings them back when restored', async () => {
    const { cursor } = await delta();
    const listening = await offerId('Sportello di ascolto');
    await t.db.query("UPDATE offers SET status = 'withdrawn' WHERE id = $1", [listening]);
    const withdrawn = await delta(cursor);
    expect(withdrawn).toMatchObject({ offers: [], removed: [listening] });

    const [{ id: bovisa }] = await t.db.query<{ id: string }>("SELECT id FROM providers WHERE name = 'Laboratorio Bovisa Arte e Scienza'");
    await t.db.query("UPDATE providers SET status = 'suspended' WHERE id = $1", [bovisa]);
    const suspended = await delta(withdrawn.cursor);
    expect(suspended.offers).toEqual([]);
    expect(suspended.removed).toHaveLength(4);

    await t.db.query("UPDATE providers SET status = 'accredited' WHERE id = $1", [bovisa]);
    await t.db.query("UPDATE offers SET status = 'published' WHERE id = $1", [listening]);
    const restored = await delta(suspended.cursor);
    expect(restored.offers).toHaveLength(5);
    expect(restored.removed).toEqual([]);
    // A change that families do not see (the provider's own record) sends nothing.
    await t.db.query("UPDATE providers SET municipio = municipio WHERE id = $1", [bovisa]);
    expect((await delta(restored.cursor)).offers).toEqual([]);
  });

  it('pages a large catalogue with no offer missed or repeated', async () => {
    const { cursor } = await delta();
    await t.db.query(
      `INSERT INTO offers (provider_id, category, title, description, age_min, age_max, price_cents, address, municipio, lat, lon)
       SELECT (SELECT id FROM providers ORDER BY name LIMIT 1), 'stem', jsonb_build_object('it', 'Corso ' || n), '{}'::jsonb, 6, 12, 1000, 'Milano', 1, 45.46, 9.19
         FROM generate_series(1, 1234) AS n`,
    );
    const seen: string[] = [];
    let page = await delta(cursor);
    const pages = [page];
    while (page.more) pages.push((page = await delta(page.cursor)));
    for (const p of pages) seen.push(...p.offers.map((o) => o.id));
    expect(pages.map((p) => p.offers.length)).toEqual([500, 500, 234]);
    expect(new Set(seen).size).toBe(1234);
  });

  it('refuses a cursor it never gave, with a clear message, whoever asks', async () => {
    for (const bad of ['abc', '-1', '12:not-a-uuid', '1'.repeat(21)]) {
      const res = await t.call('GET', `/api/catalogue?since=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'since', code: 'field_cursor', message: expect.any(String) }]);
    }
  });

  it.runIf(engine === 'postgres')('never skips a change committed after a later one was read', async () => {
    const { cursor } = await delta();
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
      const after = await delta(during.cursor);
      expect([...during.offers, ...after.offers].map((o) => o.id)).toEqual(expect.arrayContaining([slowId, quickId]));
    } finally {
      await slow.end();
    }
  });
});
