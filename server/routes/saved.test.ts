import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { MAX_SAVED } from '$shared/saved';

describe.each(ENGINES)('saved activities (%s)', (engine) => {
  let t: TestApp;
  let youth: string;
  let youthId: string;
  let guardian: string;
  let offers: string[];

  const push = async (cookie: string, userId: string, device: Device, offerId: string, saved: boolean) => {
    const res = await t.call('POST', '/api/sync/push', {
      cookie,
      body: { userId, clientId: device.clientId, mutations: [device.mutation('offer.save', { offerId, saved })] },
    });
    expect(res.status).toBe(200);
    return res.body.results[0];
  };
  const savedOf = async (cookie: string, userId: string) => {
    const res = await t.call('GET', `/api/sync/pull?userId=${userId}&clientId=${new Device().clientId}`, { cookie });
    return res.body.changes.find((c: { entity: string }) => c.entity === 'saved')?.data.offerIds as string[];
  };

  beforeAll(async () => {
    t = await TestApp.start(engine);
    youth = await t.signIn('youth@demo.wishmi.test');
    guardian = await t.signIn('guardian@demo.wishmi.test');
    youthId = (await t.call('GET', '/api/me', { cookie: youth })).body.me.id;
    offers = (
      await t.db.query<{ id: string }>(
        `SELECT o.id FROM offers o JOIN providers p ON p.id = o.provider_id WHERE o.status = 'published' AND p.status = 'accredited' ORDER BY o.id`,
      )
    ).map((row) => row.id);
  });
  afterAll(() => t.close());

  it('saves an activity once, newest first, on every device of the person, and lets it go', async () => {
    const phone = new Device();
    expect(await push(youth, youthId, phone, offers[0], true)).toMatchObject({ status: 'applied' });
    expect(await push(youth, youthId, phone, offers[1], true)).toMatchObject({ status: 'applied' });
    // Saving again changes nothing: it keeps its place.
    expect(await push(youth, youthId, phone, offers[0], true)).toMatchObject({ status: 'applied' });
    expect(await savedOf(youth, youthId)).toEqual([offers[1], offers[0]]);
    expect(await push(youth, youthId, phone, offers[1], false)).toMatchObject({ status: 'applied' });
    expect(await savedOf(youth, youthId)).toEqual([offers[0]]);
    // Another person's list is theirs alone.
    const guardianId = (await t.call('GET', '/api/me', { cookie: guardian })).body.me.id;
    expect(await savedOf(guardian, guardianId)).toEqual([]);
  });

  it('refuses an activity that is not offered, and a list already full, and changes nothing', async () => {
    const phone = new Device();
    const [withdrawn] = await t.db.query<{ id: string }>(`UPDATE offers SET status = 'withdrawn' WHERE id = $1 RETURNING id`, [
      offers.at(-1),
    ]);
    const before = await savedOf(youth, youthId);
    expect(await push(youth, youthId, phone, withdrawn.id, true)).toMatchObject({ status: 'rejected', code: 'offer_unavailable' });
    expect(await push(youth, youthId, phone, '00000000-0000-4000-8000-000000000000', true)).toMatchObject({
      status: 'rejected',
      code: 'offer_unavailable',
    });
    expect(await savedOf(youth, youthId)).toEqual(before);

    // Copies of one activity, enough to fill the list to its limit (whatever the demo holds), saved straight in the table.
    const columns = (
      await t.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'offers' AND column_name <> 'id' AND is_generated = 'NEVER'`,
      )
    ).map((row) => `"${row.column_name}"`);
    const copies = await t.db.query<{ id: string }>(
      `INSERT INTO offers (${columns.join(', ')}) SELECT ${columns.map((c) => `o.${c}`).join(', ')}
         FROM offers o, generate_series(1, $2) WHERE o.id = $1 RETURNING id`,
      [offers[0], MAX_SAVED + 1],
    );
    await t.db.query(
      `INSERT INTO saved_offers (user_id, offer_id, saved_at) SELECT $1, id, now() FROM unnest($2::uuid[]) AS id
       ON CONFLICT DO NOTHING`,
      [youthId, copies.slice(0, MAX_SAVED - before.length).map((c) => c.id)],
    );
    expect(await savedOf(youth, youthId)).toHaveLength(MAX_SAVED);
    expect(await push(youth, youthId, phone, copies[MAX_SAVED].id, true)).toMatchObject({ status: 'rejected', code: 'saved_full' });
    expect(await savedOf(youth, youthId)).toHaveLength(MAX_SAVED);
  });

  it('refuses it to a provider, and bad arguments, with a clear answer', async () => {
    const provider = await t.signIn('provider@demo.wishmi.test');
    const providerId = (await t.call('GET', '/api/me', { cookie: provider })).body.me.id;
    expect(await push(provider, providerId, new Device(), offers[0], true)).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const phone = new Device();
    const res = await t.call('POST', '/api/sync/push', {
      cookie: youth,
      body: {
        userId: youthId,
        clientId: phone.clientId,
        mutations: [phone.mutation('offer.save', { offerId: 'nope', saved: 'yes' } as never)],
      },
    });
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed' });
  });
});
