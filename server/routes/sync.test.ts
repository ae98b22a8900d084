import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { MUTATIONS, PROTOCOL, type Mutation } from '$shared/sync';

describe.each(ENGINES)('sync push and pull (%s)', (engine) => {
  let t: TestApp;
  let guardian: string;
  let youth: string;
  const userIds = new Map<string, string>();
  const push = (cookie: string, clientId: string, mutations: Mutation[]) =>
    t.call('POST', '/api/sync/push', { cookie, body: { userId: userIds.get(cookie), clientId, mutations } });
  const pull = (cookie: string, clientId: string, cursor?: number) =>
    t.call('GET', `/api/sync/pull?userId=${userIds.get(cookie)}&clientId=${clientId}${cursor !== undefined ? `&cursor=${cursor}` : ''}`, {
      cookie,
    });
  const minorsNamed = async (name: string) =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM minors WHERE name = $1', [name]))[0].n;

  beforeAll(async () => {
    t = await TestApp.start(engine);
    guardian = await t.signIn('guardian@demo.wishmi.test');
    youth = await t.signIn('youth@demo.wishmi.test');
    for (const cookie of [guardian, youth]) userIds.set(cookie, (await t.call('GET', '/api/me', { cookie })).body.me.id);
  });
  afterAll(() => t.close());

  it('gives a new device the whole state it may see, then only what changed', async () => {
    const phone = new Device();
    const first = await pull(guardian, phone.clientId);
    expect(first.status).toBe(200);
    expect(first.body.changes.map((c: { entity: string }) => c.entity)).toEqual([
      'me',
      'household',
      'bookings',
      'wallet',
      'calls',
      'family_game',
      'saved',
      'rounds',
    ]);
    expect(first.body).toMatchObject({ more: false, lastSeq: 0, rejections: [] });
    const again = await pull(guardian, phone.clientId, first.body.cursor);
    // Nothing changed: only what is read fresh each time (the wallet, the calls, the children's play, the rounds).
    expect(again.body.changes.map((c: { entity: string }) => c.entity)).toEqual(['wallet', 'calls', 'family_game', 'rounds']);
  });

  it('tells a device too old or too new for this server so, and changes nothing', async () => {
    const phone = new Device();
    const name = 'Protocol Haddad';
    const change = phone.mutation('profile.update', { name });
    const send = (protocol: number, mutations = [change]) =>
      t.call('POST', '/api/sync/push', {
        cookie: guardian,
        body: { protocol, userId: userIds.get(guardian), clientId: phone.clientId, mutations },
      });
    const tooOld = await send(0);
    expect(tooOld.status).toBe(426);
    expect(tooOld.body.error).toMatchObject({ code: 'sync_client_too_old', message: expect.stringContaining('Update the app') });
    const tooNew = await send(PROTOCOL + 1);
    expect(tooNew.status).toBe(409);
    expect(tooNew.body.error.code).toBe('sync_server_too_old');
    // Arguments in a shape newer than this server knows: the device is ahead, and keeps its outbox.
    const ahead = await send(PROTOCOL, [{ ...change, v: MUTATIONS['profile.update'].version + 1 }]);
    expect(ahead.status).toBe(409);
    expect(ahead.body.error.code).toBe('sync_server_too_old');
    const pullOld = await t.call('GET', `/api/sync/pull?protocol=0&userId=${userIds.get(guardian)}&clientId=${phone.clientId}`, {
      cookie: guardian,
    });
    expect(pullOld.status).toBe(426);
    const pullNew = await t.call(
      'GET',
      `/api/sync/pull?protocol=${PROTOCOL + 1}&userId=${userIds.get(guardian)}&clientId=${phone.clientId}`,
      { cookie: guardian },
    );
    expect(pullNew.status).toBe(409);
    const me = (await t.call('GET', '/api/me', { cookie: guardian })).body.me;
    expect(me.name).not.toBe(name);
    // The same outbox, once the versions agree, applies (a device of before versions names none: version 1).
    expect((await send(PROTOCOL)).body.results).toEqual([{ id: change.id, status: 'applied' }]);
    expect((await t.call('GET', '/api/me', { cookie: guardian })).body.me.name).toBe(name);
    await push(guardian, phone.clientId, [phone.mutation('profile.update', { name: me.name })]);
  });

  it('applies mutations in order, once, and another device of the household sees them', async () => {
    const phone = new Device();
    const tablet = new Device();
    const start = (await pull(youth, tablet.clientId)).body.cursor;
    const minorId = randomUUID();
    const batch = [
      phone.mutation('household.addMinor', { id: minorId, name: 'Nadia Haddad', birthDate: '2019-05-01', disability: false }),
      phone.mutation('profile.update', { language: 'ar' }),
    ];
    const res = await push(guardian, phone.clientId, batch);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: batch.map((m) => ({ id: m.id, status: 'applied' })), lastSeq: 2 });

    // The answer was lost: the device sends the same bytes again. Applied once.
    const replay = await push(guardian, phone.clientId, batch);
    expect(replay.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await minorsNamed('Nadia Haddad')).toBe(1);

    const seen = await pull(youth, tablet.clientId, start);
    const household = seen.body.changes.filter((c: { entity: string }) => c.entity === 'household').at(-1);
    expect(household.data.minors).toContainEqual(expect.objectContaining({ id: minorId, name: 'Nadia Haddad' }));
    // The guardian's language is theirs alone: the youth's device does not get the guardian's `me`.
    expect(seen.body.changes.some((c: { entity: string }) => c.entity === 'me')).toBe(false);
    await push(guardian, phone.clientId, [phone.mutation('profile.update', { language: 'it' })]);
  });

  it("rejects what can never be applied, says why in the caller's language, and goes on with the rest", async () => {
    const phone = new Device();
    const start = (await pull(guardian, phone.clientId)).body.cursor;
    const tooOld = phone.mutation('household.addMinor', {
      id: randomUUID(),
      name: 'Marco Haddad',
      birthDate: '2000-01-01',
      disability: false,
    });
    const unknown = phone.mutation('offer.teleport', {});
    const invalid = phone.mutation('profile.update', { language: 'klingon' });
    const fine = phone.mutation('profile.update', { name: 'Amina Haddad' });
    const res = await push(guardian, phone.clientId, [tooOld, unknown, invalid, fine]);
    expect(res.body.results).toEqual([
      {
        id: tooOld.id,
        status: 'rejected',
        code: 'minor_too_old',
        message: 'The programme is for minors: the child must be under 18.',
        action: 'adding a child',
      },
      { id: unknown.id, status: 'rejected', code: 'mutation_unknown', message: expect.any(String), action: 'an action' },
      { id: invalid.id, status: 'rejected', code: 'validation_failed', message: expect.any(String), action: 'profile change' },
      { id: fine.id, status: 'applied' },
    ]);
    expect(res.body.lastSeq).toBe(4);
    expect(await minorsNamed('Marco Haddad')).toBe(0);
    // A replay of a rejected mutation gets the same answer.
    expect((await push(guardian, phone.clientId, [tooOld])).body.results[0]).toMatchObject({ status: 'duplicate', code: 'minor_too_old' });
    const later = await pull(guardian, phone.clientId, start);
    expect(later.body.lastSeq).toBe(4);
    expect(later.body.rejections.map((r: { id: string }) => r.id)).toEqual([tooOld.id, unknown.id, invalid.id]);
  });

  it('lets each mutation decide who may make it', async () => {
    const phone = new Device();
    const res = await push(youth, phone.clientId, [
      phone.mutation('household.addMinor', { id: randomUUID(), name: 'Ali Haddad', birthDate: '2018-01-01', disability: false }),
    ]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const own = await push(youth, phone.clientId, [phone.mutation('profile.update', { language: 'es' })]);
    expect(own.body.results[0]).toMatchObject({ status: 'applied' });
  });

  it('keeps two devices pushing in turn apart, each in its own order', async () => {
    const [a, b] = [new Device(), new Device()];
    for (let round = 0; round < 3; round++) {
      expect((await push(guardian, a.clientId, [a.mutation('profile.update', { name: `Amina ${round}` })])).body.lastSeq).toBe(round + 1);
      expect(
        (
          await push(guardian, b.clientId, [
            b.mutation('profile.update', { name: `Amina B${round}` }),
            b.mutation('profile.update', { name: 'Amina Haddad' }),
          ])
        ).body.lastSeq,
      ).toBe(2 * round + 2);
    }
    const me = await t.call('GET', '/api/me', { cookie: guardian });
    expect(me.body.me.name).toBe('Amina Haddad');
  });

  it("refuses a gap, a reused number, and another person's device, changing nothing", async () => {
    const phone = new Device();
    await push(guardian, phone.clientId, [phone.mutation('profile.update', { name: 'Amina Haddad' })]);
    phone.seq++;
    const gap = await push(guardian, phone.clientId, [
      phone.mutation('household.addMinor', { id: randomUUID(), name: 'Gap Haddad', birthDate: '2018-01-01', disability: false }),
    ]);
    expect(gap.status).toBe(409);
    expect(gap.body.error.code).toBe('sync_seq_gap');
    const holes = [phone.mutation('profile.update', {}), { ...phone.mutation('profile.update', {}), seq: phone.seq + 5 }];
    expect((await push(guardian, phone.clientId, holes)).body.error.code).toBe('sync_seq_gap');
    const reused = { ...phone.mutation('profile.update', {}), seq: 1 };
    expect((await push(guardian, phone.clientId, [reused])).body.error.code).toBe('sync_seq_reused');
    const theirs = await t.call('POST', '/api/sync/push', {
      cookie: youth,
      body: { userId: userIds.get(youth), clientId: phone.clientId, mutations: [{ ...phone.mutation('profile.update', {}), seq: 2 }] },
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('sync_client_not_yours');
    expect((await pull(youth, phone.clientId)).status).toBe(403);
    expect(await minorsNamed('Gap Haddad')).toBe(0);
  });

  it('answers bad pushes and pulls with a 400', async () => {
    const phone = new Device();
    const userId = userIds.get(guardian);
    for (const body of [
      {},
      { userId, clientId: 'x', mutations: [] },
      { userId, clientId: phone.clientId, mutations: [{ ...phone.mutation('profile.update', {}), seq: -1 }] },
      { clientId: phone.clientId, mutations: [phone.mutation('profile.update', {})] },
    ]) {
      const res = await t.call('POST', '/api/sync/push', { cookie: guardian, body });
      expect(res.status).toBe(400);
    }
    expect((await t.call('GET', `/api/sync/pull?userId=${userId}&clientId=${phone.clientId}&cursor=-3`, { cookie: guardian })).status).toBe(
      400,
    );
    expect((await t.call('GET', '/api/sync/pull', { cookie: guardian })).status).toBe(400);
  });
});
