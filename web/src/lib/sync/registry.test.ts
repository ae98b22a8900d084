import { describe, expect, it } from 'vitest';
import type { Booking } from '$shared/booking';
import type { CatalogueOffer } from '$shared/catalogue';
import type { Me } from '$shared/account';
import type { Household } from '$shared/household';
import type { Mutation } from '$shared/sync';
import { show } from './registry';
import type { SessionLookup } from '$lib/bookings/optimistic';
import type { GameSnapshot, MissionView } from '$shared/game';
import { DEFAULT_RULES, type FamilyCall, type MyApplication } from '$shared/calls';

const showMe = (data: Me | undefined, pending: Mutation[]) => show('me', data, pending);
const showHousehold = (data: Household | undefined, pending: Mutation[]) => show('household', data, pending);
const showBookings = (data: Booking[] | undefined, pending: Mutation[], lookup: SessionLookup, minorName: (id: string) => string) =>
  show('bookings', data, pending, { lookup, minorName })!;
const showCalls = (data: FamilyCall[], pending: Mutation[]) => show('calls', data, pending)!;
const showGame = (data: GameSnapshot, pending: Mutation[], now: Date) => show('game', data, pending, { now })!;

const me: Me = {
  id: 'u1',
  email: 'a@b.it',
  name: 'Amina',
  role: 'guardian',
  language: 'it',
  household: { id: 'h1', municipio: 6 },
  provider: null,
  hub: null,
};
const household: Household = {
  id: 'h1',
  municipio: 6,
  guardians: [],
  minors: [{ id: 'm1', name: 'Sara', birthDate: '2011-03-12', disability: false, userId: null, email: null }],
};
let seq = 0;
const mutation = (name: string, args: unknown): Mutation => ({
  id: `x${++seq}`,
  clientId: 'c',
  seq,
  name,
  args,
  clientTime: '2026-11-26T00:00:00.000Z',
});

describe('what the person sees while changes wait', () => {
  it('applies profile changes in order over the confirmed state', () => {
    const shown = showMe(me, [
      mutation('profile.update', { language: 'ar' }),
      mutation('profile.update', { name: 'Amina H.' }),
      mutation('profile.update', { language: 'en' }),
    ]);
    expect(shown).toMatchObject({ name: 'Amina H.', language: 'en' });
    expect(me.language).toBe('it');
  });
  it('shows an added child as waiting, once, until the server confirms it', () => {
    const add = mutation('household.addMinor', { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true });
    expect(showHousehold(household, [add])!.minors).toEqual([
      household.minors[0],
      { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, userId: null, email: null, pending: true },
    ]);
    const confirmed = {
      ...household,
      minors: [...household.minors, { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, userId: null, email: null }],
    };
    expect(showHousehold(confirmed, [add])!.minors).toHaveLength(2);
  });
  it('shows nothing before the first sync', () => {
    expect(showMe(undefined, [mutation('profile.update', { name: 'x' })])).toBeUndefined();
  });
});

describe('bookings shown with what waits in the outbox', () => {
  const confirmed: Booking = {
    id: 'b1',
    status: 'confirmed',
    offerId: 'o1',
    offerVersion: 1,
    title: { it: 'Nuoto' },
    providerName: 'Polisportiva',
    address: 'Via Roma 1',
    sessionId: 's1',
    startsAt: '2026-12-01T16:00:00.000Z',
    endsAt: '2026-12-01T17:00:00.000Z',
    minorId: 'm1',
    minorName: 'Omar',
    priceCents: 120_00,
    voucherCents: 120_00,
    familyCents: 0,
    cancelUntil: '2026-11-30T16:00:00.000Z',
    createdAt: '2026-11-25T10:00:00.000Z',
    code: 'WM1.x.y',
    cancelReason: null,
  };
  const offer = {
    id: 'o2',
    version: 3,
    title: { it: 'Robotica' },
    providerName: 'Lab',
    address: 'Via Durando 10',
    priceCents: 110_00,
    sessions: [],
  } as unknown as CatalogueOffer;
  const slot = {
    id: 's2',
    startsAt: '2026-12-05T15:00:00.000Z',
    endsAt: '2026-12-05T17:00:00.000Z',
    weekday: 6,
    capacity: 10,
    seatsLeft: 4,
  };
  const lookup = (id: string) => (id === 's2' ? { offer, session: slot } : undefined);
  const queued = (seq: number, name: string, args: unknown): Mutation => ({
    id: `x${seq}`,
    clientId: 'c',
    seq,
    name,
    args,
    clientTime: '2026-11-26T09:00:00.000Z',
  });

  it('shows a booking made offline as waiting, with its session from the catalogue, and never a sum it cannot know', () => {
    const shown = showBookings(
      [confirmed],
      [queued(1, 'booking.create', { id: 'b2', sessionId: 's2', minorId: 'm1' })],
      lookup,
      () => 'Omar',
    );
    expect(shown.map((b) => [b.id, b.waiting, b.title.it, b.startsAt, b.voucherCents])).toEqual([
      ['b2', 'booking', 'Robotica', '2026-12-05T15:00:00.000Z', 0],
      ['b1', undefined, 'Nuoto', '2026-12-01T16:00:00.000Z', 120_00],
    ]);
  });

  it('shows a cancellation as waiting, and a confirmed booking once only', () => {
    const shown = showBookings(
      [confirmed],
      [queued(1, 'booking.create', { id: 'b1', sessionId: 's1', minorId: 'm1' }), queued(2, 'booking.cancel', { id: 'b1' })],
      lookup,
      () => 'Omar',
    );
    expect(shown.map((b) => [b.id, b.waiting])).toEqual([['b1', 'cancelling']]);
    expect(showBookings(undefined, [], lookup, () => '')).toEqual([]);
  });
});

describe('voucher calls shown with what waits in the outbox', () => {
  const call: FamilyCall = {
    id: 'c1',
    name: { it: 'Voucher 2026' },
    description: { it: 'Per le famiglie' },
    status: 'open',
    budgetCents: 1_000_00,
    opensAt: '2026-11-01T08:00:00.000Z',
    closesAt: '2026-12-01T22:59:00.000Z',
    spendingDeadline: '2027-06-30T21:59:00.000Z',
    graceHours: 48,
    rules: DEFAULT_RULES,
    createdAt: '2026-10-30T10:00:00.000Z',
    publishedAt: null,
    application: null,
  };
  const apply = {
    id: 'a1',
    callId: 'c1',
    householdId: 'h1',
    resident: true as const,
    iseeCents: 9_000_00,
    dsu: 'INPS-ISEE-2026-12345678A-00',
    singleParent: true,
    disabledAdults: 0,
    consent: true as const,
  };
  const confirmed: MyApplication = {
    id: 'a1',
    callId: 'c1',
    code: 'ABCD-EF23',
    status: 'funded',
    exclusion: null,
    note: '',
    submittedAt: '2026-11-26T09:00:00.000Z',
    iseeCents: 9_000_00,
    dsu: apply.dsu,
    singleParent: true,
    disabledAdults: 0,
    rank: 3,
    points: null,
    amountCents: 400_00,
    waitingPosition: null,
    voucher: { available: 400_00, spent: 0, held: 0, deadline: call.spendingDeadline },
  };

  it('shows an application made offline as submitted and waiting, with what was typed and nothing the server decides', () => {
    const [shown] = showCalls([call], [mutation('call.apply', apply)]);
    expect(shown.application).toMatchObject({
      id: 'a1',
      status: 'submitted',
      waiting: 'applying',
      iseeCents: 9_000_00,
      code: '',
      rank: null,
      amountCents: null,
      voucher: null,
    });
    expect(call.application).toBeNull();
  });

  it("lets the server's application win over the waiting one, and shows a voucher being declined", () => {
    const [shown] = showCalls(
      [{ ...call, application: confirmed }],
      [mutation('call.apply', apply), mutation('call.decline', { applicationId: 'a1' })],
    );
    expect(shown.application).toMatchObject({ code: 'ABCD-EF23', status: 'funded', waiting: 'declining' });
  });

  it('leaves other calls alone', () => {
    const other = { ...call, id: 'c2' };
    expect(showCalls([other], [mutation('call.apply', apply)])).toEqual([other]);
  });
});

describe('play shown with what waits in the outbox', () => {
  const hub = '11111111-1111-4111-8111-111111111111';
  const otherHub = '22222222-2222-4222-8222-222222222222';
  const sportOffer = '33333333-3333-4333-8333-333333333333';
  const mission = (id: string, steps: MissionView['steps'], extra: Partial<MissionView> = {}): MissionView => ({
    id,
    title: { it: id },
    story: { it: 'Una storia' },
    startsOn: '2026-11-20',
    endsOn: '2026-12-20',
    ageMin: 11,
    ageMax: 18,
    reward: 50,
    badge: null,
    hubName: null,
    steps,
    completedAt: null,
    ...extra,
  });
  const game = (extra: Partial<GameSnapshot> = {}): GameSnapshot => ({
    credits: { balance: 120, available: 120, earned: 120 },
    level: { level: 1, floor: 0, next: 150 },
    streak: { current: 2, best: 3, freezes: 0, thisWeek: false },
    missions: [
      mission('welcome', [
        { kind: 'checkin', hubId: null, offerId: null, done: false },
        { kind: 'poll', question: { it: 'Cosa?' }, options: [{ it: 'A' }, { it: 'B' }], done: false, answer: null },
      ]),
      mission('corvetto', [{ kind: 'checkin', hubId: otherHub, offerId: null, done: false }]),
      mission('sport', [{ kind: 'new_category', category: 'sport', done: false }], { reward: 80 }),
    ],
    badges: [],
    checkins: [],
    places: [
      { code: 'H7KQ', kind: 'hub', name: 'Hub Corvetto', hubId: hub, offerId: null, category: null },
      { code: 'SP0R', kind: 'offer', name: 'Basket', hubId: null, offerId: sportOffer, category: 'sport' },
    ],
    tried: ['art'],
    board: null,
    hubs: [
      { id: hub, name: 'Hub Corvetto' },
      { id: otherHub, name: 'Hub Quarto Oggiaro' },
    ],
    remindersOn: true,
    ...extra,
  });
  const now = new Date('2026-11-26T10:00:00.000Z');
  let n = 0;
  const at = (name: string, args: unknown, clientTime = '2026-11-26T09:00:00.000Z'): Mutation => ({
    id: `q${++n}`,
    clientId: 'c',
    seq: n,
    name,
    args,
    clientTime,
  });
  const checkin = (id: string, code: string, clientTime?: string) => at('checkin.create', { id, code }, clientTime);

  it('shows a check-in made offline at once: at its place, with the credits it would likely bring, and the steps it would do', () => {
    const shown = showGame(game(), [checkin('k1', 'WMC:H7KQ-482913')], now);
    expect(shown.checkins).toEqual([
      { id: 'k1', at: '2026-11-26T09:00:00.000Z', place: 'Hub Corvetto', purpose: 'visit', credits: 5, pending: true },
    ]);
    expect(shown.credits).toEqual({ balance: 120, available: 120, earned: 120, pending: 5 });
    const [welcome, corvetto] = shown.missions;
    expect(welcome.steps.map((s) => [s.done, s.pending])).toEqual([
      [false, true],
      [false, undefined],
    ]);
    expect(welcome.rewardPending).toBeUndefined();
    // A step at another hub is not done by this one.
    expect(corvetto.steps[0].pending).toBeUndefined();
  });

  it('counts a code for a place this device does not know for "any place", and nothing more', () => {
    const shown = showGame(game(), [checkin('k1', 'zzzz 123456')], now);
    expect(shown.checkins[0]).toMatchObject({ place: '', pending: true, credits: 5 });
    expect(shown.missions[0].steps[0].pending).toBe(true);
    expect(shown.missions[1].steps[0].pending).toBeUndefined();
    expect(shown.missions[2].steps[0].pending).toBeUndefined();
  });

  it('finishes a mission on the device when its last step waits, with its reward marked pending', () => {
    const shown = showGame(game(), [checkin('k1', 'SP0R-000001')], now);
    const sport = shown.missions[2];
    expect(sport.steps[0].pending).toBe(true);
    expect(sport.rewardPending).toBe(true);
    expect(shown.credits.pending).toBe(5 + 80);
  });

  it('knows a category tried before is not new', () => {
    const shown = showGame(game({ tried: ['sport'] }), [checkin('k1', 'SP0R-000001')], now);
    expect(shown.missions[2].steps[0].pending).toBeUndefined();
    expect(shown.missions[2].rewardPending).toBeUndefined();
  });

  it('shows a poll answered offline as answered, and the mission it finishes', () => {
    const welcome = game().missions[0];
    const confirmed = game({ missions: [{ ...welcome, steps: [{ ...welcome.steps[0], done: true }, welcome.steps[1]] }] });
    const shown = showGame(confirmed, [at('poll.answer', { missionId: 'welcome', step: 1, option: 1 })], now);
    expect(shown.missions[0].steps[1]).toMatchObject({ kind: 'poll', done: false, pending: true, answer: 1 });
    expect(shown.missions[0].rewardPending).toBe(true);
    expect(shown.credits.pending).toBe(50);
  });

  it('estimates no credits past the three paid a day, nor for the same place twice, and keeps a confirmed check-in once', () => {
    const paid = (id: string) => ({ id, at: '2026-11-26T08:00:00.000Z', place: 'X', purpose: 'visit' as const, credits: 5 });
    expect(showGame(game({ checkins: [paid('a'), paid('b'), paid('c')] }), [checkin('k1', 'H7KQ-482913')], now).checkins[0].credits).toBe(
      0,
    );
    const twice = showGame(game(), [checkin('k1', 'H7KQ-482913'), checkin('k2', 'H7KQ-111111')], now);
    expect(twice.checkins.map((c) => [c.id, c.credits])).toEqual([
      ['k2', 0],
      ['k1', 5],
    ]);
    const confirmed = showGame(game({ checkins: [paid('k1')] }), [checkin('k1', 'H7KQ-482913')], now);
    expect(confirmed.checkins).toEqual([paid('k1')]);
  });

  it("does not count a check-in outside a mission's days", () => {
    const shown = showGame(game(), [checkin('k1', 'H7KQ-482913', '2026-11-01T09:00:00.000Z')], now);
    expect(shown.missions[0].steps[0].pending).toBeUndefined();
  });

  it('lets this week count for the streak, gently, and leaves a finished mission as it is', () => {
    const done = game({
      missions: [
        {
          ...game().missions[2],
          completedAt: '2026-11-25T10:00:00.000Z',
          steps: [{ kind: 'new_category', category: 'sport', done: true }],
        },
      ],
    });
    const shown = showGame(done, [checkin('k1', 'SP0R-000001')], now);
    expect(shown.streak).toEqual({ current: 3, best: 3, freezes: 0, thisWeek: true, pending: true });
    expect(shown.missions[0]).toEqual(done.missions[0]);
    expect(
      showGame(game({ streak: { current: 2, best: 3, freezes: 0, thisWeek: true } }), [checkin('k1', 'SP0R-000001')], now).streak.pending,
    ).toBeUndefined();
    expect(showGame(game(), [], now).streak).toEqual(game().streak);
  });

  it('shows joining and leaving a hub board as waiting', () => {
    const joined = showGame(game(), [at('board.set', { hubId: hub, pseudonym: 'Volpe 12' })], now);
    expect(joined.board).toEqual({ hubId: hub, hubName: 'Hub Corvetto', pseudonym: 'Volpe 12' });
    expect(joined.boardPending).toBe(true);
    const left = showGame(
      game({ board: { hubId: hub, hubName: 'Hub Corvetto', pseudonym: 'Volpe 12' } }),
      [at('board.set', { hubId: null })],
      now,
    );
    expect(left.board).toBeNull();
    expect(showGame(game(), [], now).boardPending).toBe(false);
  });
});
