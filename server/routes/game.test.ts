import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { DemoPeople, youthOf } from '../../tests/support/people';
import { fromBase64Url } from '$shared/booking-code';
import { checkinDigits, CHECKIN_WINDOW_MS, windowOf, type StaffPlace } from '$shared/checkin';
import { type ChildGame, type GameSnapshot } from '$shared/game';
import type { Credential } from '$shared/credential';

const NOW = '2026-11-25T10:00:00.000Z';
const MINUTE = 60_000;

/** The code a place's device shows at an instant, as the staff app makes it offline. */
async function codeAt(place: StaffPlace, at: Date | string, purpose: 'visit' | 'project' = 'visit'): Promise<string> {
  const digits = await checkinDigits(fromBase64Url(place.secret)!, place.code, purpose, windowOf(new Date(at).getTime()));
  return `${place.code}-${digits}`;
}

describe.each(ENGINES)('play: check-ins, missions, credits and badges (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let hub: StaffPlace;
  let sara: { device: Device; cookie: string; id: string };

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: NOW });
    people = await DemoPeople.signIn(t, ['youth', 'guardian', 'guardian2', 'hub', 'provider', 'admin']);
    sara = { device: new Device(), cookie: people.cookies.youth, id: people.ids.youth };
    const places = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.hub })).body.places;
    expect(places).toHaveLength(1);
    hub = places[0];
  });
  afterAll(() => t.close());

  const push = async (
    device: Device,
    who: { cookie: string; id: string },
    name: string,
    args: unknown,
    clientTime = t.clock.now().toISOString(),
  ) =>
    (
      await t.call('POST', '/api/sync/push', {
        cookie: who.cookie,
        body: { userId: who.id, clientId: device.clientId, mutations: [device.mutation(name, args, clientTime)] },
      })
    ).body.results[0];
  const pull = (device: Device, who: { cookie: string; id: string }) =>
    t.call('GET', `/api/sync/pull?userId=${who.id}&clientId=${device.clientId}`, { cookie: who.cookie });
  const game = async (who = sara): Promise<GameSnapshot> =>
    (await pull(new Device(), who)).body.changes.find((c: { entity: string }) => c.entity === 'game').data;
  const checkIn = (code: string, clientTime?: string, device = sara.device, who = sara) =>
    push(device, who, 'checkin.create', { id: randomUUID(), code }, clientTime);
  const rewards = async (youthId: string, code: string) =>
    Number(
      (
        await t.db.query<{ s: string }>(
          `SELECT coalesce(sum(amount), 0)::text AS s FROM ledger_transfers WHERE code = $1 AND credit_account_id IN (SELECT id FROM ledger_accounts WHERE owner_id = $2)`,
          [code, youthId],
        )
      )[0].s,
    );

  it('gives a hub operator the hub’s place, and a provider one place per published activity, with secrets to make codes offline', async () => {
    expect(hub).toMatchObject({
      kind: 'hub',
      name: 'Hub Corvetto',
      code: expect.stringMatching(/^[0-9A-Z]{4}$/),
      secret: expect.any(String),
    });
    expect(fromBase64Url(hub.secret)).toHaveLength(32);
    const provider = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.provider })).body
      .places;
    expect(provider.length).toBeGreaterThan(1);
    expect(provider.every((p) => p.kind === 'offer' && p.offerId && p.category)).toBe(true);
    // Asked again, the same places: codes shown on a tablet stay valid.
    const again = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.provider })).body.places;
    expect(again.map((p) => p.code).sort()).toEqual(provider.map((p) => p.code).sort());
    for (const who of ['youth', 'guardian', 'admin'])
      expect((await t.call('GET', '/api/checkin/places', { cookie: people.cookies[who] })).status).toBe(403);
  });

  it('starts a youth with the welcome credits, level 1, the missions open to them and no badge', async () => {
    const board = await game();
    expect(board.credits).toEqual({ balance: 100, available: 100, earned: 100 });
    expect(board.level).toEqual({ level: 1, floor: 0, next: 150 });
    expect(board.badges).toEqual([]);
    expect(board.missions.length).toBeGreaterThanOrEqual(5);
    expect(board.missions.every((m) => m.steps.every((s) => !s.done) && m.completedAt === null)).toBe(true);
    expect(board.places.some((p) => p.code === hub.code)).toBe(true);
  });

  it('refuses expired, forged, mistyped and other places’ codes, and pays nothing', async () => {
    await pull(sara.device, sara);
    const checkinsBefore = await count(t.db, 'checkins');
    const rewardsBefore = await rewards(sara.id, 'checkin_reward');
    expect(await checkIn(await codeAt(hub, new Date(Date.parse(NOW) - 10 * MINUTE)))).toMatchObject({
      status: 'rejected',
      code: 'checkin_code_expired',
    });
    const digits = (await codeAt(hub, NOW)).slice(5);
    const other = String((Number(digits) + 1) % 1_000_000).padStart(6, '0');
    expect(await checkIn(`${hub.code}-${other}`)).toMatchObject({ status: 'rejected', code: 'checkin_code_invalid' });
    // A place code no place has, and a code made with a secret that is not the place's.
    expect(await checkIn(`${hub.code === 'ZZZZ' ? 'YYYY' : 'ZZZZ'}-${digits}`)).toMatchObject({
      status: 'rejected',
      code: 'checkin_code_invalid',
    });
    expect(await checkIn(await codeAt({ ...hub, secret: Buffer.alloc(32, 7).toString('base64url') }, NOW))).toMatchObject({
      status: 'rejected',
      code: 'checkin_code_invalid',
    });
    expect(await checkIn('not a code')).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(
      await push(sara.device, sara, 'checkin.create', { id: randomUUID(), code: await codeAt(hub, NOW), youthId: people.ids.guardian }),
    ).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(await count(t.db, 'checkins')).toBe(checkinsBefore);
    expect(await rewards(sara.id, 'checkin_reward')).toBe(rewardsBefore);
  });

  it('refuses a check-in claimed before the device last synced, or from the future', async () => {
    const device = new Device();
    await pull(device, sara);
    t.clock.advance(10 * MINUTE);
    // Claimed five minutes before the pull: a device cannot say it scanned earlier than it last synced.
    const before = new Date(Date.parse(NOW) - 5 * MINUTE).toISOString();
    expect(await checkIn(await codeAt(hub, before), before, device)).toMatchObject({ status: 'rejected', code: 'checkin_backdated' });
    const ahead = new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString();
    expect(await checkIn(await codeAt(hub, ahead), ahead, device)).toMatchObject({ status: 'rejected', code: 'checkin_future' });
    t.clock.set(NOW);
  });

  it('records a check-in scanned offline and sent later: credits once, the step done, the first badge', async () => {
    const device = new Device();
    await pull(device, sara);
    // Scanned at 10:03 with no network; the phone finds a signal at 14:00.
    const scanned = new Date(Date.parse(NOW) + 3 * MINUTE).toISOString();
    const code = await codeAt(hub, scanned);
    t.clock.set(new Date(Date.parse(NOW) + 4 * 60 * MINUTE).toISOString());
    const mutation = device.mutation('checkin.create', { id: randomUUID(), code }, scanned);
    const send = () =>
      t.call('POST', '/api/sync/push', {
        cookie: sara.cookie,
        body: { userId: sara.id, clientId: device.clientId, mutations: [mutation] },
      });
    expect((await send()).body.results[0]).toMatchObject({ status: 'applied' });
    // The same push again (its answer lost): the first answer, and nothing moves.
    expect((await send()).body.results[0]).toMatchObject({ status: 'duplicate' });
    // The same code scanned again (another mutation): once per place per day.
    expect(await checkIn(code, scanned, device)).toMatchObject({ status: 'rejected', code: 'checkin_already' });
    const board = await game();
    expect(board.credits.balance).toBe(105);
    expect(board.checkins).toEqual([
      { id: mutation.args && (mutation.args as { id: string }).id, at: scanned, place: 'Hub Corvetto', purpose: 'visit', credits: 5 },
    ]);
    // Her idea and her ballot in the demo's micro-project rounds earn theirs at the same time.
    expect(board.badges.map((b) => b.key).sort()).toEqual(['ballot', 'first_step', 'idea_maker']);
    expect(board.streak).toMatchObject({ current: 1, thisWeek: true });
    const welcome = board.missions.find((m) => m.title.it === 'Scopri il tuo hub')!;
    expect(welcome.steps.map((s) => s.done)).toEqual([true, false]);
    expect(welcome.completedAt).toBeNull();
    expect(await rewards(sara.id, 'checkin_reward')).toBe(5);
    t.clock.set(NOW);
  });

  it('pays a mission’s reward and badge exactly once, however many devices answer its last step', async () => {
    const welcome = (await game()).missions.find((m) => m.title.it === 'Scopri il tuo hub')!;
    const devices = [new Device(), new Device(), new Device()];
    for (const d of devices) await pull(d, sara);
    const answers = await Promise.all(devices.map((d) => push(d, sara, 'poll.answer', { missionId: welcome.id, step: 1, option: 2 })));
    expect(answers.filter((a) => a.status === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.status === 'rejected').every((a) => a.code === 'poll_answered')).toBe(true);
    const board = await game();
    const done = board.missions.find((m) => m.id === welcome.id)!;
    expect(done.completedAt).not.toBeNull();
    expect(done.steps[1]).toMatchObject({ done: true, answer: 2 });
    expect(board.badges.map((b) => b.key).sort()).toEqual(['ballot', 'first_step', 'idea_maker', 'mission_city']);
    expect(await rewards(sara.id, 'mission_reward')).toBe(50);
    expect(board.credits.balance).toBe(155);
    expect(board.level.level).toBe(2);
    // A poll step that does not exist, or an option out of range, is refused.
    expect(await push(devices[0], sara, 'poll.answer', { missionId: welcome.id, step: 0, option: 0 })).toMatchObject({
      status: 'rejected',
      code: 'mission_not_found',
    });
    expect(await push(devices[0], sara, 'poll.answer', { missionId: randomUUID(), step: 1, option: 0 })).toMatchObject({
      status: 'rejected',
      code: 'mission_not_found',
    });
  });

  it('counts a booking the provider redeemed: a sport never tried, the booking done, the sport mission paid', async () => {
    const [{ id: sessionId }] = await t.db.query<{ id: string }>(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) SELECT id, '2026-11-25T10:30:00Z', '2026-11-25T11:30:00Z', 10 FROM offers WHERE title->>'it' = 'Basket al parco' RETURNING id",
    );
    const [{ id: minorId }] = await t.db.query<{ id: string }>("SELECT id FROM minors WHERE name = 'Sara Haddad'");
    expect(await push(new Device(), sara, 'booking.create', { id: randomUUID(), sessionId, minorId })).toMatchObject({ status: 'applied' });
    const booking = (await people.bookings('guardian')).find((b) => b.sessionId === sessionId)!;
    expect((await people.push('provider', 'booking.redeem', { code: booking.code })).body.results[0].status).toBe('applied');
    const board = await game();
    const sport = board.missions.find((m) => m.title.it === 'Prova uno sport nuovo')!;
    expect(sport.steps.map((s) => s.done)).toEqual([true, true]);
    expect(sport.completedAt).not.toBeNull();
    expect(board.tried).toEqual(['sport']);
    expect(board.badges.map((b) => b.key)).toContain('mission_sport');
    expect(await rewards(sara.id, 'mission_reward')).toBe(130);
  });

  it('keeps one youth’s play to themselves: another youth’s check-in completes nothing of theirs, and their device cannot push as them', async () => {
    // Lucia gives her son Marco his own sign-in; he gets his welcome credits.
    const marco = { ...(await youthOf(t, people.cookies.guardian2, 'Marco Bianchi', 'marco@play.example')), device: new Device() };
    expect((await game(marco)).credits.earned).toBe(100);
    const before = await game();
    await pull(marco.device, marco);
    expect(await checkIn(await codeAt(hub, NOW), NOW, marco.device, marco)).toMatchObject({ status: 'applied' });
    expect((await game(marco)).badges.map((b) => b.key)).toEqual(['first_step']);
    expect(await game()).toEqual(before);
    // Marco's phone pushing on Sara's device id, or in her name, is refused.
    const sarasPhone = new Device();
    await pull(sarasPhone, sara);
    const stolen = await t.call('POST', '/api/sync/push', {
      cookie: marco.cookie,
      body: {
        userId: marco.id,
        clientId: sarasPhone.clientId,
        mutations: [sarasPhone.mutation('checkin.create', { id: randomUUID(), code: await codeAt(hub, NOW) }, NOW)],
      },
    });
    expect(stolen).toMatchObject({ status: 403, body: { error: { code: 'sync_client_not_yours' } } });
    const marcosPhone = new Device();
    const asSara = await t.call('POST', '/api/sync/push', {
      cookie: marco.cookie,
      body: {
        userId: sara.id,
        clientId: marcosPhone.clientId,
        mutations: [marcosPhone.mutation('checkin.create', { id: randomUUID(), code: await codeAt(hub, NOW) }, NOW)],
      },
    });
    expect(asSara).toMatchObject({ status: 403, body: { error: { code: 'sync_client_not_yours' } } });

    // Boards: opt-in, under a pseudonym from the list, unique on the hub's board; never a name.
    expect(await push(new Device(), sara, 'board.set', { hubId: hub.hubId, pseudonym: 'Volpe 7' })).toMatchObject({ status: 'applied' });
    expect(await push(new Device(), marco, 'board.set', { hubId: hub.hubId, pseudonym: 'Volpe 7' })).toMatchObject({
      status: 'rejected',
      code: 'pseudonym_taken',
    });
    expect(await push(new Device(), marco, 'board.set', { hubId: hub.hubId, pseudonym: 'Marco Bianchi' })).toMatchObject({
      status: 'rejected',
      code: 'validation_failed',
    });
    expect(await push(new Device(), marco, 'board.set', { hubId: hub.hubId, pseudonym: 'Lince 12' })).toMatchObject({ status: 'applied' });
    const board = (await t.call('GET', '/api/game/board', { cookie: sara.cookie })).body.board;
    expect(board.hubName).toBe('Hub Corvetto');
    expect(board.lines).toEqual([
      { rank: 1, pseudonym: 'Volpe 7', earned: 135, you: true },
      { rank: 2, pseudonym: 'Lince 12', earned: 5, you: false },
    ]);
    expect(JSON.stringify(board)).not.toMatch(/Sara|Marco|Haddad|Bianchi/);
    expect(await push(new Device(), marco, 'board.set', { hubId: null })).toMatchObject({ status: 'applied' });
    expect((await t.call('GET', '/api/game/board', { cookie: marco.cookie })).body.board).toBeNull();
  });

  it('shows a guardian a calm summary of each child, and lets them switch reminders off', async () => {
    const pulled = await t.call('GET', `/api/sync/pull?userId=${people.ids.guardian}&clientId=${randomUUID()}`, {
      cookie: people.cookies.guardian,
    });
    const children = pulled.body.changes.find((c: { entity: string }) => c.entity === 'family_game').data as ChildGame[];
    expect(children).toEqual([
      // Sara is 15: her parent sees how she is doing, not where she checked in.
      {
        youthId: sara.id,
        name: 'Sara Haddad',
        level: 2,
        earned: 235,
        badges: 5,
        missionsDone: 2,
        streak: 1,
        remindersOn: true,
        activity: null,
      },
    ]);
    expect(
      await push(new Device(), { cookie: people.cookies.guardian, id: people.ids.guardian }, 'reminders.set', {
        youthId: sara.id,
        on: false,
      }),
    ).toMatchObject({ status: 'applied' });
    expect((await game()).remindersOn).toBe(false);
    // Another household's guardian cannot.
    expect(
      await push(new Device(), { cookie: people.cookies.guardian2, id: people.ids.guardian2 }, 'reminders.set', {
        youthId: sara.id,
        on: true,
      }),
    ).toMatchObject({ status: 'rejected', code: 'youth_not_found' });
    expect(await push(new Device(), sara, 'reminders.set', { youthId: sara.id, on: true })).toMatchObject({
      status: 'rejected',
      code: 'forbidden',
    });
    expect((await game()).remindersOn).toBe(false);
  });

  it('exports an earned badge as a signed Open Badges 3.0 credential that the verifier accepts, and catches any change', async () => {
    const res = await t.call<Credential>('GET', '/api/badges/first_step/credential?lang=en', { cookie: sara.cookie });
    expect(res.status).toBe(200);
    const credential = res.body;
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'First step',
      credentialSubject: { type: ['AchievementSubject'], achievement: { type: ['Achievement'], name: 'First step' } },
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-jcs-2022',
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
      },
    });
    expect(JSON.stringify(credential)).not.toMatch(/Sara|Haddad/);
    expect((await t.call('POST', '/api/badges/verify', { body: credential })).body).toEqual({
      valid: true,
      badge: 'first_step',
      name: 'First step',
      validFrom: credential.validFrom,
    });
    const forged = { ...credential, validFrom: '2020-01-01T00:00:00.000Z' };
    expect((await t.call('POST', '/api/badges/verify', { body: forged })).body).toEqual({ valid: false, reason: 'credential_signature' });
    const otherKey = {
      ...credential,
      proof: { ...credential.proof!, verificationMethod: `http://localhost/api/badges/issuer#${randomUUID()}` },
    };
    expect((await t.call('POST', '/api/badges/verify', { body: otherKey })).body).toEqual({
      valid: false,
      reason: 'credential_unknown_key',
    });
    expect((await t.call('POST', '/api/badges/verify', { body: { hello: 'world' } })).status).toBe(400);
    expect((await t.call('GET', '/api/badges/all_rounder/credential', { cookie: sara.cookie })).status).toBe(404);
    expect((await t.call('GET', '/api/badges/nonsense/credential', { cookie: sara.cookie })).status).toBe(400);
    const issuer = (await t.call('GET', '/api/badges/issuer')).body;
    expect(issuer.verificationMethod.map((m: { id: string }) => m.id)).toContain(credential.proof!.verificationMethod);
  });

  it('lets the city and hubs curate missions, checked field by field, and no one else', async () => {
    const mission = {
      title: { it: 'Missione di prova' },
      story: { it: 'Una missione per provare il modulo.' },
      ageMin: 12,
      ageMax: 16,
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      steps: [{ kind: 'checkin', hubId: hub.hubId }],
      reward: 40,
      badge: null,
    };
    const before = await count(t.db, 'missions');
    const made = await t.call('POST', '/api/missions', { cookie: people.cookies.hub, body: mission });
    expect(made.status).toBe(201);
    const listed = (await t.call('GET', '/api/missions', { cookie: people.cookies.hub })).body.missions;
    expect(listed.find((m: { id: string }) => m.id === made.body.id)).toMatchObject({ hubName: 'Hub Corvetto', reward: 40 });
    const bad = await t.call('POST', '/api/missions', {
      cookie: people.cookies.admin,
      body: { ...mission, ageMin: 17, steps: [], reward: 9999 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['ageMax', 'reward', 'steps']);
    expect((await t.call('POST', '/api/missions', { cookie: sara.cookie, body: mission })).status).toBe(403);
    // Starting in the past, it would pay at once for what was done before it existed.
    const past = await t.call('POST', '/api/missions', { cookie: people.cookies.admin, body: { ...mission, startsOn: '2026-11-01' } });
    expect(past.body.error.fields).toMatchObject([{ path: 'startsOn', code: 'field_starts_on_past' }]);
    expect(await count(t.db, 'missions')).toBe(before + 1);
  });

  it('keeps a code valid for a few minutes only: two windows after it was shown, not three', async () => {
    const device = new Device();
    const places = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: people.cookies.provider })).body.places;
    await pull(device, sara);
    const shown = new Date(Date.parse(NOW));
    const late = new Date(shown.getTime() + 3 * CHECKIN_WINDOW_MS).toISOString();
    const inTime = new Date(shown.getTime() + 2 * CHECKIN_WINDOW_MS).toISOString();
    t.clock.set(late);
    expect(await checkIn(await codeAt(places[0], shown), late, device)).toMatchObject({ status: 'rejected', code: 'checkin_code_expired' });
    expect(await checkIn(await codeAt(places[1], shown), inTime, device)).toMatchObject({ status: 'applied' });
    t.clock.set(NOW);
  });
});
