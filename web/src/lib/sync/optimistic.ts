import type { Me } from '$shared/account';
import type { Household, Minor } from '$shared/household';
import type { Mutation, MutationArgs } from '$shared/sync';
import type { Booking } from '$shared/booking';
import type { CatalogueOffer, CatalogueSession } from '$shared/catalogue';
import type { FamilyCall, MyApplication } from '$shared/calls';
import type { Category } from '$shared/category';
import { isoDateIn } from '$shared/dates';
import {
  CHECKIN_CREDITS,
  CHECKIN_PAID_PER_DAY,
  factDoesStep,
  parseCheckinCode,
  weekOf,
  type CheckinView,
  type Fact,
  type GameSnapshot,
  type MissionStepView,
  type MissionView,
  type Streak,
} from '$shared/game';

/** A minor the device has added but the server has not confirmed yet. */
export type ShownMinor = Minor & { pending?: boolean };
export type ShownHousehold = Omit<Household, 'minors'> & { minors: ShownMinor[] };

/**
 * What the person sees: the confirmed state with their waiting changes applied on top, in order.
 * A change the server refuses leaves the outbox, and so leaves the screen.
 */
export function showMe(me: Me | undefined, pending: Mutation[]): Me | undefined {
  if (!me) return me;
  return pending.reduce((shown, mutation) => {
    if (mutation.name !== 'profile.update') return shown;
    const args = mutation.args as MutationArgs<'profile.update'>;
    return { ...shown, ...(args.name !== undefined ? { name: args.name } : {}), ...(args.language !== undefined ? { language: args.language } : {}) };
  }, me);
}

export function showHousehold(household: Household | undefined, pending: Mutation[]): ShownHousehold | undefined {
  if (!household) return household;
  return pending.reduce<ShownHousehold>((shown, mutation) => {
    if (mutation.name !== 'household.addMinor') return shown;
    const args = mutation.args as MutationArgs<'household.addMinor'>;
    if (shown.minors.some((minor) => minor.id === args.id)) return shown;
    return { ...shown, minors: [...shown.minors, { id: args.id, name: args.name, birthDate: args.birthDate, disability: args.disability, email: null, pending: true }] };
  }, household);
}

/** A booking as shown: confirmed by the server, or still waiting in the outbox (to be made, or cancelled). */
export type ShownBooking = Booking & { waiting?: 'booking' | 'cancelling' };

/** What a waiting booking can be shown with before the server answers: its session, from the catalogue copy. */
export type SessionLookup = (sessionId: string) => { offer: CatalogueOffer; session: CatalogueSession } | undefined;

/**
 * The household's bookings with the waiting ones on top: a booking made offline shows as waiting to
 * be confirmed (the server decides the seat and the voucher's share), a cancellation as cancelling.
 */
export function showBookings(bookings: Booking[] | undefined, pending: Mutation[], lookup: SessionLookup, minorName: (id: string) => string): ShownBooking[] {
  let shown: ShownBooking[] = [...(bookings ?? [])];
  for (const mutation of pending) {
    if (mutation.name === 'booking.create') {
      const args = mutation.args as MutationArgs<'booking.create'>;
      if (shown.some((b) => b.id === args.id)) continue;
      const found = lookup(args.sessionId);
      shown = [
        {
          id: args.id, status: 'confirmed', waiting: 'booking', offerId: found?.offer.id ?? '', offerVersion: found?.offer.version ?? 0, title: found?.offer.title ?? {},
          providerName: found?.offer.providerName ?? '', address: found?.offer.address ?? '', sessionId: args.sessionId, startsAt: found?.session.startsAt ?? mutation.clientTime,
          endsAt: found?.session.endsAt ?? mutation.clientTime, minorId: args.minorId, minorName: minorName(args.minorId), priceCents: found?.offer.priceCents ?? 0,
          // Not known until the server decides: shown as waiting, never as a sum.
          voucherCents: 0, familyCents: 0, cancelUntil: found?.session.startsAt ?? mutation.clientTime, createdAt: mutation.clientTime, code: null, cancelReason: null,
        },
        ...shown,
      ];
    } else if (mutation.name === 'booking.cancel') {
      const args = mutation.args as MutationArgs<'booking.cancel'>;
      shown = shown.map((b) => (b.id === args.id ? { ...b, waiting: 'cancelling' } : b));
    }
  }
  return shown;
}

/** A household's application as shown: confirmed by the server, or still waiting to be sent (made, or declined). */
export type ShownApplication = MyApplication & { waiting?: 'applying' | 'declining' };
export type ShownCall = Omit<FamilyCall, 'application'> & { application: ShownApplication | null };

/**
 * The calls with the household's waiting changes on top: an application made offline shows as
 * submitted and waiting to be sent (only the server decides eligibility, rank and amount), a
 * voucher being declined as declining. The server's application, once it has one, is the truth.
 */
export function showCalls(calls: FamilyCall[], pending: Mutation[]): ShownCall[] {
  let shown: ShownCall[] = calls;
  for (const mutation of pending) {
    if (mutation.name === 'call.apply') {
      const args = mutation.args as MutationArgs<'call.apply'>;
      shown = shown.map((call) =>
        call.id !== args.callId || call.application
          ? call
          : {
              ...call,
              application: {
                id: args.id, callId: args.callId, code: '', status: 'submitted', exclusion: null, note: '', submittedAt: mutation.clientTime, iseeCents: args.iseeCents,
                dsu: args.dsu, singleParent: args.singleParent, disabledAdults: args.disabledAdults, rank: null, points: null, amountCents: null, waitingPosition: null,
                voucher: null, waiting: 'applying',
              },
            },
      );
    } else if (mutation.name === 'call.decline') {
      const args = mutation.args as MutationArgs<'call.decline'>;
      shown = shown.map((call) => (call.application?.id === args.applicationId ? { ...call, application: { ...call.application, waiting: 'declining' } } : call));
    }
  }
  return shown;
}

/** A check-in as shown: confirmed by the server, or waiting to be sent (its credits then only an estimate). */
export type ShownCheckin = CheckinView & { pending?: boolean };
/** A mission step as shown: done, done on this device and waiting to be confirmed (`pending`), or still to do. */
export type ShownStep = MissionStepView & { pending?: boolean };
/** A mission as shown: `rewardPending` when what waits on this device would finish it. */
export type ShownMission = Omit<MissionView, 'steps'> & { steps: ShownStep[]; rewardPending?: boolean };
export type ShownBoard = NonNullable<GameSnapshot['board']>;
export type ShownGame = Omit<GameSnapshot, 'credits' | 'streak' | 'missions' | 'checkins' | 'board'> & {
  /** `pending`: the credits what waits would likely bring (the server decides them). */
  credits: GameSnapshot['credits'] & { pending: number };
  /** `pending`: this week counts thanks to something that waits to be sent. */
  streak: Streak & { pending?: boolean };
  missions: ShownMission[];
  checkins: ShownCheckin[];
  board: ShownBoard | null;
  /** Joining, changing or leaving the board waits to be sent. */
  boardPending: boolean;
};

/**
 * A youth's play with what waits in the outbox on top, so a check-in made with no network shows its
 * effect at once: the check-in itself (place from the device's list of places, credits estimated),
 * the mission steps it would do, the missions it would finish, and this week's streak. Only the
 * server decides: the code's signature and time, once a day per place, the credits paid. A check-in
 * is taken as a visit (a project code cannot be told apart on the device).
 */
export function showGame(game: GameSnapshot, pending: Mutation[], now: Date): ShownGame {
  const confirmedIds = new Set(game.checkins.map((c) => c.id));
  const tried = new Set<Category>(game.tried);
  const paidOn = new Map<string, number>();
  for (const c of game.checkins) {
    if (c.credits <= 0) continue;
    const day = isoDateIn(new Date(c.at));
    paidOn.set(day, (paidOn.get(day) ?? 0) + 1);
  }
  const placeDays = new Set<string>();
  const facts: { fact: Fact; first: boolean }[] = [];
  const answers = new Map<string, number>();
  const waiting: ShownCheckin[] = [];
  let board: ShownBoard | null = game.board;
  let boardPending = false;

  for (const mutation of pending) {
    if (mutation.name === 'checkin.create') {
      const args = mutation.args as MutationArgs<'checkin.create'>;
      const code = parseCheckinCode(args.code);
      if (!code || confirmedIds.has(args.id)) continue;
      const place = game.places.find((p) => p.code === code.place);
      const day = isoDateIn(new Date(mutation.clientTime));
      // A second check-in at the same place the same day will be refused: it brings nothing.
      const again = placeDays.has(`${code.place}|${day}`);
      placeDays.add(`${code.place}|${day}`);
      const paid = paidOn.get(day) ?? 0;
      const credits = !again && paid < CHECKIN_PAID_PER_DAY ? CHECKIN_CREDITS : 0;
      if (credits > 0) paidOn.set(day, paid + 1);
      waiting.unshift({ id: args.id, at: mutation.clientTime, place: place?.name ?? '', purpose: 'visit', credits, pending: true });
      if (again) continue;
      const category = place?.category ?? null;
      const first = category !== null && !tried.has(category);
      if (category) tried.add(category);
      facts.push({
        fact: { kind: 'checkin', at: mutation.clientTime, purpose: 'visit', placeKind: place?.kind ?? 'offer', hubId: place?.hubId ?? null, offerId: place?.offerId ?? null, category },
        first,
      });
    } else if (mutation.name === 'poll.answer') {
      const args = mutation.args as MutationArgs<'poll.answer'>;
      const key = `${args.missionId}:${args.step}`;
      if (!answers.has(key)) answers.set(key, args.option);
      facts.push({ fact: { kind: 'poll', at: mutation.clientTime, missionId: args.missionId, step: args.step }, first: false });
    } else if (mutation.name === 'board.set') {
      const args = mutation.args as MutationArgs<'board.set'>;
      boardPending = true;
      board = args.hubId === null ? null : { hubId: args.hubId, hubName: game.hubs.find((h) => h.id === args.hubId)?.name ?? '', pseudonym: args.pseudonym ?? board?.pseudonym ?? '' };
    }
  }

  let rewards = 0;
  const missions = game.missions.map((mission): ShownMission => {
    if (mission.completedAt) return mission;
    const steps = mission.steps.map((step, index): ShownStep => {
      if (step.done) return step;
      if (step.kind === 'poll') {
        const answer = answers.get(`${mission.id}:${index}`);
        return answer === undefined ? step : { ...step, answer, pending: true };
      }
      return facts.some(({ fact, first }) => fact.kind === 'checkin' && factDoesStep(mission, index, fact, first)) ? { ...step, pending: true } : step;
    });
    const rewardPending = steps.some((s) => s.pending) && steps.every((s) => s.done || s.pending);
    if (rewardPending) rewards += mission.reward;
    return rewardPending ? { ...mission, steps, rewardPending } : { ...mission, steps };
  });

  const thisWeek = weekOf(isoDateIn(now));
  const countsThisWeek = facts.some(({ fact }) => weekOf(isoDateIn(new Date(fact.at))) === thisWeek);
  const streak = !game.streak.thisWeek && countsThisWeek
    ? { ...game.streak, current: game.streak.current + 1, best: Math.max(game.streak.best, game.streak.current + 1), thisWeek: true, pending: true }
    : game.streak;

  return {
    ...game,
    credits: { ...game.credits, pending: waiting.reduce((sum, c) => sum + c.credits, 0) + rewards },
    streak,
    missions,
    checkins: [...waiting, ...game.checkins],
    board,
    boardPending,
  };
}
