import type { Category } from '$shared/category';
import type { MutationArgs } from '$shared/sync';
import { isoDateIn } from '$shared/dates';
import { CHECKIN_CREDITS, CHECKIN_PAID_PER_DAY, parseCheckinCode } from '$shared/checkin';
import { factDoesStep, type Fact } from '$shared/missions';
import { weekOf, type Streak } from '$shared/streaks';
import { type CheckinView, type ChildGame, type GameSnapshot, type MissionStepView, type MissionView } from '$shared/game';
import { same, type EntityView, type Step } from '$lib/sync/view';

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

/** What the page supplies: the time now, which tells the streak's week (a ServerClock's). */
export type GameContext = { now: Date };

/** The play as the waiting changes are gone through: what they would do, gathered before missions and streak are worked out. */
type GameWorking = {
  game: GameSnapshot;
  confirmedIds: Set<string>;
  tried: Set<Category>;
  /** Check-ins paid per day, confirmed and waiting. */
  paidOn: Map<string, number>;
  /** Place and day of each waiting check-in. */
  placeDays: Set<string>;
  facts: { fact: Fact; first: boolean }[];
  answers: Map<string, number>;
  waiting: ShownCheckin[];
  board: ShownBoard | null;
  boardPending: boolean;
};

/**
 * A youth's play with what waits in the outbox on top, so a check-in made with no network shows its
 * effect at once: the check-in itself (place from the device's list of places, credits estimated),
 * the mission steps it would do, the missions it would finish, and this week's streak. Only the
 * server decides: the code's signature and time, once a day per place, the credits paid. A check-in
 * is taken as a visit (a project code cannot be told apart on the device).
 */
export const gameView: EntityView<GameSnapshot, GameWorking, ShownGame, GameContext> = {
  start(game) {
    if (!game) return undefined;
    const paidOn = new Map<string, number>();
    for (const c of game.checkins) {
      if (c.credits <= 0) continue;
      const day = isoDateIn(new Date(c.at));
      paidOn.set(day, (paidOn.get(day) ?? 0) + 1);
    }
    return {
      game,
      confirmedIds: new Set(game.checkins.map((c) => c.id)),
      tried: new Set<Category>(game.tried),
      paidOn,
      placeDays: new Set(),
      facts: [],
      answers: new Map(),
      waiting: [],
      board: game.board,
      boardPending: false,
    };
  },
  finish({ game, facts, answers, waiting, board, boardPending }, { now }) {
    let rewards = 0;
    const missions = game.missions.map((mission): ShownMission => {
      if (mission.completedAt) return mission;
      const steps = mission.steps.map((step, index): ShownStep => {
        if (step.done) return step;
        if (step.kind === 'poll') {
          const answer = answers.get(`${mission.id}:${index}`);
          return answer === undefined ? step : { ...step, answer, pending: true };
        }
        return facts.some(({ fact, first }) => fact.kind === 'checkin' && factDoesStep(mission, index, fact, first))
          ? { ...step, pending: true }
          : step;
      });
      const rewardPending = steps.some((s) => s.pending) && steps.every((s) => s.done || s.pending);
      if (rewardPending) rewards += mission.reward;
      return rewardPending ? { ...mission, steps, rewardPending } : { ...mission, steps };
    });

    const thisWeek = weekOf(isoDateIn(now));
    const countsThisWeek = facts.some(({ fact }) => weekOf(isoDateIn(new Date(fact.at))) === thisWeek);
    const streak =
      !game.streak.thisWeek && countsThisWeek
        ? {
            ...game.streak,
            current: game.streak.current + 1,
            best: Math.max(game.streak.best, game.streak.current + 1),
            thisWeek: true,
            pending: true,
          }
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
  },
};

const checkIn: Step<GameWorking, MutationArgs<'checkin.create'>, GameContext> = (w, args, mutation) => {
  const code = parseCheckinCode(args.code);
  if (!code || w.confirmedIds.has(args.id)) return w;
  const place = w.game.places.find((p) => p.code === code.place);
  const day = isoDateIn(new Date(mutation.clientTime));
  // A second check-in at the same place the same day will be refused: it brings nothing.
  const again = w.placeDays.has(`${code.place}|${day}`);
  w.placeDays.add(`${code.place}|${day}`);
  const paid = w.paidOn.get(day) ?? 0;
  const credits = !again && paid < CHECKIN_PAID_PER_DAY ? CHECKIN_CREDITS : 0;
  if (credits > 0) w.paidOn.set(day, paid + 1);
  w.waiting.unshift({ id: args.id, at: mutation.clientTime, place: place?.name ?? '', purpose: 'visit', credits, pending: true });
  if (again) return w;
  const category = place?.category ?? null;
  const first = category !== null && !w.tried.has(category);
  if (category) w.tried.add(category);
  w.facts.push({
    fact: {
      kind: 'checkin',
      at: mutation.clientTime,
      purpose: 'visit',
      placeKind: place?.kind ?? 'offer',
      hubId: place?.hubId ?? null,
      offerId: place?.offerId ?? null,
      category,
    },
    first,
  });
  return w;
};

const answerPoll: Step<GameWorking, MutationArgs<'poll.answer'>, GameContext> = (w, args, mutation) => {
  const key = `${args.missionId}:${args.step}`;
  if (!w.answers.has(key)) w.answers.set(key, args.option);
  w.facts.push({ fact: { kind: 'poll', at: mutation.clientTime, missionId: args.missionId, step: args.step }, first: false });
  return w;
};

const setBoard: Step<GameWorking, MutationArgs<'board.set'>, GameContext> = (w, args) => {
  w.boardPending = true;
  w.board =
    args.hubId === null
      ? null
      : {
          hubId: args.hubId,
          hubName: w.game.hubs.find((h) => h.id === args.hubId)?.name ?? '',
          pseudonym: args.pseudonym ?? w.board?.pseudonym ?? '',
        };
  return w;
};

/** A guardian's view of a child's play, with a reminder switch waiting to be sent on top (and marked so). */
export type ShownChildGame = ChildGame & { remindersWaiting: boolean };

export const familyGameView: EntityView<ChildGame[], ShownChildGame[]> = {
  start: (children) => children?.map((child) => ({ ...child, remindersWaiting: false })),
  finish: same,
};

const setReminders: Step<ShownChildGame[], MutationArgs<'reminders.set'>> = (children, args) =>
  children.map((child) => (child.youthId === args.youthId ? { ...child, remindersOn: args.on, remindersWaiting: true } : child));

export const gameViews = { game: gameView, family_game: familyGameView };

export const gameSteps = {
  'checkin.create': { game: checkIn },
  'poll.answer': { game: answerPoll },
  'board.set': { game: setBoard },
  'reminders.set': { family_game: setReminders },
};
