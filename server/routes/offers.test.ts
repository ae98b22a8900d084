import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { sessionCookie, TestApp } from '../../tests/support/app';
import { DemoPeople } from '../../tests/support/people';
import type { CatalogueDelta } from '$shared/catalogue';
import type { WalletAccount } from '$shared/ledger';
import { MAX_PHOTOS, type OfferRequest, type ProviderOffer } from '$shared/offer';

/** A one-pixel PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const offer: OfferRequest = {
  title: { it: 'Arrampicata in palestra', en: 'Indoor climbing' },
  description: { it: 'Arrampicata su parete per principianti, con istruttori.', en: 'Wall climbing for beginners, with instructors.' },
  category: 'sport',
  pillars: ['physical', 'autonomy'],
  ageMin: 9,
  ageMax: 16,
  priceCents: 90_00,
  voucherAccepted: true,
  creditPrice: null,
  address: 'Via dei Cinquecento 20, Milano',
  municipio: 4,
  lat: 45.4448,
  lon: 9.2301,
  accessibility: ['step_free'],
  languages: ['it', 'en'],
  cancelHours: 24,
  status: 'published',
};

describe.each(ENGINES)('providers manage their offers and sessions (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    people = await DemoPeople.signIn(t, ['guardian', 'provider', 'admin']);
    ({ cookies } = people);
  });
  afterAll(() => t.close());

  const omar = async () => (await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Omar Haddad'"))[0].id;

  it('publishes an offer with weekly sessions, and an edit makes a new version that leaves bookings as they were made', async () => {
    const { cursor } = (await t.call<CatalogueDelta>('GET', '/api/catalogue?since=0')).body;
    const created = await t.call<{ offer: ProviderOffer }>('POST', '/api/provider/offers', { cookie: cookies.provider, body: offer });
    expect(created.status).toBe(201);
    expect(created.body.offer).toMatchObject({ ...offer, version: 1, sessions: [] });
    const id = created.body.offer.id;

    // Three Tuesdays at 17:30 in Milan (16:30 UTC in winter), twelve places each.
    const added = await t.call('POST', `/api/provider/offers/${id}/sessions`, {
      cookie: cookies.provider,
      body: { firstDate: '2026-12-01', time: '17:30', minutes: 90, weeks: 3, capacity: 12 },
    });
    expect(added.status).toBe(201);
    expect(added.body.added).toBe(3);
    expect((added.body.offer as ProviderOffer).sessions.map((s) => s.startsAt)).toEqual([
      '2026-12-01T16:30:00.000Z',
      '2026-12-08T16:30:00.000Z',
      '2026-12-15T16:30:00.000Z',
    ]);
    const delta = await t.catalogueSince(cursor, (d) => d.offers.some((o) => o.id === id));
    const published = delta.offers.find((o) => o.id === id)!;
    expect(published).toMatchObject({ version: 1, title: offer.title, providerName: 'Polisportiva Navigli' });
    expect(published.sessions).toHaveLength(3);

    const sessionId = published.sessions[0].id;
    const bookingId = randomUUID();
    expect(
      (await people.push('guardian', 'booking.create', { id: bookingId, sessionId, minorId: await omar() })).body.results[0].status,
    ).toBe('applied');

    // The provider raises the price and renames it: version 2; the family's booking keeps version 1.
    const edited = { ...offer, title: { it: 'Arrampicata sportiva' }, priceCents: 120_00, cancelHours: 72 };
    const updated = await t.call<{ offer: ProviderOffer }>('PUT', `/api/provider/offers/${id}`, {
      cookie: cookies.provider,
      body: { revision: 1, offer: edited },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.offer).toMatchObject({ version: 2, revision: 2, priceCents: 120_00, title: { it: 'Arrampicata sportiva' } });
    const [booked] = await people.bookings('guardian');
    expect(booked).toMatchObject({ offerVersion: 1, title: offer.title, priceCents: 90_00, cancelUntil: '2026-11-30T16:30:00.000Z' });
    // The wallet names what the voucher is held for: the activity as booked.
    const accounts = (await t.call('GET', '/api/wallet', { cookie: cookies.guardian })).body.accounts as WalletAccount[];
    const hold = accounts.find((a) => a.kind === 'household_voucher')!.holds.find((h) => h.ref?.id === bookingId);
    expect(hold).toMatchObject({ amount: 90_00, title: offer.title });

    // A colleague's page still on the first revision changes nothing.
    const stale = await t.call('PUT', `/api/provider/offers/${id}`, { cookie: cookies.provider, body: { revision: 1, offer } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('offer_changed');
    // Only a change families see makes a version: withdrawing keeps version 2 and takes it off the catalogue.
    const withdrawn = await t.call<{ offer: ProviderOffer }>('PUT', `/api/provider/offers/${id}`, {
      cookie: cookies.provider,
      body: { revision: 2, offer: { ...edited, status: 'withdrawn' } },
    });
    expect(withdrawn.body.offer).toMatchObject({ version: 2, revision: 3, status: 'withdrawn' });
    expect((await t.catalogueSince(delta.cursor, (d) => d.removed.includes(id))).removed).toContain(id);
    // It is still an edit: a colleague's typo fix made on the page before it would publish it again, and is refused.
    const typo = await t.call('PUT', `/api/provider/offers/${id}`, {
      cookie: cookies.provider,
      body: { revision: 2, offer: { ...edited, title: { it: 'Arrampicata  sportiva' } } },
    });
    expect(typo.body.error.code).toBe('offer_changed');
    // Sessions and photos are not edits of the offer: they leave its revision as it was.
    await t.call('POST', `/api/provider/offers/${id}/sessions`, {
      cookie: cookies.provider,
      body: { firstDate: '2026-12-20', time: '10:00', minutes: 60, weeks: 1, capacity: 5 },
    });
    expect(
      (await t.call<{ offer: ProviderOffer }>('GET', `/api/provider/offers/${id}`, { cookie: cookies.provider })).body.offer.revision,
    ).toBe(3);
  });

  it('calls a session off: its bookings are cancelled, the voucher given back, and the family told why', async () => {
    const { offer: created } = (
      await t.call<{ offer: ProviderOffer }>('POST', '/api/provider/offers', { cookie: cookies.provider, body: offer })
    ).body;
    const { offer: withSessions } = (
      await t.call('POST', `/api/provider/offers/${created.id}/sessions`, {
        cookie: cookies.provider,
        body: { firstDate: '2026-12-02', time: '10:00', minutes: 60, weeks: 1, capacity: 5 },
      })
    ).body;
    const sessionId = (withSessions as ProviderOffer).sessions[0].id;
    const before = await people.voucherAvailable('guardian');
    const bookingId = randomUUID();
    expect(
      (await people.push('guardian', 'booking.create', { id: bookingId, sessionId, minorId: await omar() })).body.results[0].status,
    ).toBe('applied');
    expect(await people.voucherAvailable('guardian')).toBe(before - 90_00);

    const cancelled = await t.call('POST', `/api/provider/offers/${created.id}/sessions/${sessionId}/cancel`, {
      cookie: cookies.provider,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.released).toBe(1);
    expect((cancelled.body.offer as ProviderOffer).sessions[0]).toMatchObject({ status: 'cancelled', seatsTaken: 0 });
    expect((await people.bookings('guardian')).find((b) => b.id === bookingId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'session_cancelled',
    });
    expect(await people.voucherAvailable('guardian')).toBe(before);
    // Nobody books it any more; calling it off again changes nothing.
    expect(
      (await people.push('guardian', 'booking.create', { id: randomUUID(), sessionId, minorId: await omar() })).body.results[0],
    ).toMatchObject({ status: 'rejected', code: 'offer_unavailable' });
    expect(
      (await t.call('POST', `/api/provider/offers/${created.id}/sessions/${sessionId}/cancel`, { cookie: cookies.provider, body: {} })).body
        .released,
    ).toBe(0);
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: cookies.admin })).body.invariants as { ok: boolean }[];
    expect(invariants.every((c) => c.ok)).toBe(true);
  });

  it('lets an organisation still applying prepare drafts but not publish', async () => {
    const applied = await t.call('POST', '/api/providers/apply', {
      body: {
        account: { email: 'new@provider.example', password: 'una-password-lunga', name: 'Nina Neri', language: 'it' },
        application: {
          name: 'Coro Lambrate',
          legalForm: 'non_profit',
          taxCode: '97111110150',
          address: 'Via Conte Rosso 3, Milano',
          municipio: 3,
          contactEmail: 'coro@example.org',
          phone: '+39 02 111 2222',
          categories: ['art'],
          places: [{ address: 'Via Conte Rosso 3, Milano', municipio: 3 }],
          documents: [{ kind: 'statute', name: 'Statuto' }],
          trainedStaff: [{ name: 'Nina Neri', trainedOn: '2026-10-01' }],
        },
      },
    });
    const staff = sessionCookie(applied.headers);
    const refused = await t.call('POST', '/api/provider/offers', { cookie: staff, body: offer });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('provider_not_accredited');
    const draft = await t.call<{ offer: ProviderOffer }>('POST', '/api/provider/offers', {
      cookie: staff,
      body: { ...offer, status: 'draft' },
    });
    expect(draft.status).toBe(201);
    // Another provider's offer is not there for them.
    expect((await t.call('GET', `/api/provider/offers/${draft.body.offer.id}`, { cookie: cookies.provider })).status).toBe(404);
    expect(
      (
        await t.call('PUT', `/api/provider/offers/${draft.body.offer.id}`, {
          cookie: cookies.provider,
          body: { revision: 1, offer: { ...offer, status: 'draft' } },
        })
      ).status,
    ).toBe(404);
  });

  it('shows an offer’s photos with their text alternatives, to anyone, and refuses what is not the image it claims', async () => {
    const { offer: created } = (
      await t.call<{ offer: ProviderOffer }>('POST', '/api/provider/offers', { cookie: cookies.provider, body: offer })
    ).body;
    const { cursor } = (await t.call<CatalogueDelta>('GET', '/api/catalogue?since=0')).body;
    const added = await t.call<{ offer: ProviderOffer }>('POST', `/api/provider/offers/${created.id}/photos`, {
      cookie: cookies.provider,
      body: { contentType: 'image/png', data: PNG, alt: { it: 'Una parete di arrampicata', en: 'A climbing wall' } },
    });
    expect(added.status).toBe(201);
    const [photo] = added.body.offer.photos;
    expect(photo).toEqual({ id: expect.any(String), alt: { it: 'Una parete di arrampicata', en: 'A climbing wall' } });
    // Families' devices learn of it with the offer; the image is public and kept by caches.
    expect(
      (await t.catalogueSince(cursor, (d) => d.offers.some((o) => o.id === created.id && o.photos.length > 0))).offers.find(
        (o) => o.id === created.id,
      )?.photos,
    ).toEqual([photo]);
    const image = await t.app.request(`/api/photos/${photo.id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await image.arrayBuffer()).toString('base64')).toBe(PNG);

    const lying = await t.call('POST', `/api/provider/offers/${created.id}/photos`, {
      cookie: cookies.provider,
      body: { contentType: 'image/jpeg', data: PNG, alt: { it: 'Una foto' } },
    });
    expect(lying.body.error.fields).toEqual([expect.objectContaining({ path: 'data', code: 'field_photo' })]);
    const noAlt = await t.call('POST', `/api/provider/offers/${created.id}/photos`, {
      cookie: cookies.provider,
      body: { contentType: 'image/png', data: PNG, alt: { it: '' } },
    });
    expect(noAlt.body.error.fields).toEqual([expect.objectContaining({ path: 'alt.it', code: 'field_photo_alt' })]);
    for (let i = 1; i < MAX_PHOTOS; i++) {
      expect(
        (
          await t.call('POST', `/api/provider/offers/${created.id}/photos`, {
            cookie: cookies.provider,
            body: { contentType: 'image/png', data: PNG, alt: { it: `Foto ${i}` } },
          })
        ).status,
      ).toBe(201);
    }
    const full = await t.call('POST', `/api/provider/offers/${created.id}/photos`, {
      cookie: cookies.provider,
      body: { contentType: 'image/png', data: PNG, alt: { it: 'Una di troppo' } },
    });
    expect(full.body.error.fields).toEqual([expect.objectContaining({ path: 'data', code: 'field_photos_full' })]);

    const removed = await t.call<{ offer: ProviderOffer }>('DELETE', `/api/provider/offers/${created.id}/photos/${photo.id}`, {
      cookie: cookies.provider,
    });
    expect(removed.body.offer.photos).toHaveLength(MAX_PHOTOS - 1);
    expect((await t.app.request(`/api/photos/${photo.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/provider/offers/${created.id}/photos/${photo.id}`, { cookie: cookies.provider })).status).toBe(
      404,
    );
  });

  it('refuses bad offers and sessions with a clear message per field, changing nothing', async () => {
    const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM offers');
    const bad = await t.call('POST', '/api/provider/offers', {
      cookie: cookies.provider,
      body: { ...offer, title: { en: 'No Italian' }, ageMin: 12, ageMax: 8, lat: 41.9, priceCents: -1, languages: [], pillars: ['fun'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'languages',
      'lat',
      'pillars.0',
      'priceCents',
      'title.it',
    ]);
    const ages = await t.call('POST', '/api/provider/offers', { cookie: cookies.provider, body: { ...offer, ageMin: 12, ageMax: 8 } });
    expect(ages.body.error.fields).toEqual([expect.objectContaining({ path: 'ageMax', code: 'field_age_max' })]);
    const [{ n: after }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM offers');
    expect(after).toBe(before);

    const [{ id }] = await t.db.query<{ id: string }>(
      "SELECT o.id FROM offers o JOIN providers p ON p.id = o.provider_id WHERE p.name = 'Polisportiva Navigli' LIMIT 1",
    );
    const past = await t.call('POST', `/api/provider/offers/${id}/sessions`, {
      cookie: cookies.provider,
      body: { firstDate: '2026-11-01', time: '17:00', minutes: 60, weeks: 1, capacity: 10 },
    });
    expect(past.body.error.fields).toEqual([expect.objectContaining({ path: 'firstDate', code: 'field_first_date_past' })]);
    // Today, but at an hour already gone in Milan (it is 11:00 there).
    const gone = await t.call('POST', `/api/provider/offers/${id}/sessions`, {
      cookie: cookies.provider,
      body: { firstDate: '2026-11-25', time: '10:30', minutes: 60, weeks: 1, capacity: 10 },
    });
    expect(gone.body.error.fields).toEqual([expect.objectContaining({ path: 'time', code: 'field_time_past' })]);
    expect(
      (
        await t.call('POST', `/api/provider/offers/${id}/sessions`, {
          cookie: cookies.provider,
          body: { firstDate: '2026-11-25', time: '11:30', minutes: 60, weeks: 1, capacity: 10 },
        })
      ).status,
    ).toBe(201);
    const wrong = await t.call('POST', `/api/provider/offers/${id}/sessions`, {
      cookie: cookies.provider,
      body: { firstDate: '2026-12-01', time: '25:00', minutes: 5, weeks: 0, capacity: 0 },
    });
    expect(wrong.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['capacity', 'minutes', 'time', 'weeks']);
    expect(
      (await t.call('POST', `/api/provider/offers/${id}/sessions/${randomUUID()}/cancel`, { cookie: cookies.provider, body: {} })).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/provider/offers', { cookie: cookies.guardian })).status).toBe(403);
  });
});
