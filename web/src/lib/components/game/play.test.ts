import { describe, expect, it } from 'vitest';
import type { ShownMission } from '$lib/game/optimistic';
import { daysLeft, levelProgress, missionsInOrder, nextStep, reminderFor, stepHref } from './play';

const mission = (id: string, endsOn: string, steps: ShownMission['steps'], extra: Partial<ShownMission> = {}): ShownMission => ({
  id,
  title: { it: id },
  story: { it: 'Una storia' },
  startsOn: '2026-11-01',
  endsOn,
  ageMin: 11,
  ageMax: 18,
  reward: 50,
  badge: null,
  hubName: null,
  steps,
  completedAt: null,
  ...extra,
});
const todo = { kind: 'checkin' as const, hubId: null, offerId: null, done: false };
const poll = { kind: 'poll' as const, question: { it: 'Cosa?' }, options: [{ it: 'A' }, { it: 'B' }], done: false, answer: null };
// 11:00 in Milan: not quiet hours.
const now = new Date('2026-11-26T10:00:00.000Z');

describe('what the board suggests next', () => {
  it('picks the first step still to do of the mission ending soonest', () => {
    const later = mission('later', '2026-12-31', [todo]);
    const sooner = mission('sooner', '2026-12-01', [{ ...todo, done: true }, { ...todo, pending: true }, poll]);
    const next = nextStep([later, sooner]);
    expect(next?.mission.id).toBe('sooner');
    expect(next?.index).toBe(2);
    expect(stepHref(next!.mission, next!.step)).toBe('/youth/missions/view?id=sooner');
  });

  it('suggests nothing when every mission is done or waits to be confirmed', () => {
    expect(
      nextStep([
        mission('a', '2026-12-01', [{ ...todo, done: true }], { completedAt: '2026-11-20T10:00:00.000Z' }),
        mission('b', '2026-12-01', [{ ...todo, pending: true }], { rewardPending: true }),
      ]),
    ).toBeNull();
    expect(nextStep([])).toBeNull();
  });

  it('sends each kind of step where it is done', () => {
    const m = mission('m', '2026-12-01', []);
    expect(stepHref(m, todo)).toBe('/youth/checkin');
    expect(stepHref(m, { kind: 'project', hubId: null, done: false })).toBe('/youth/checkin');
    expect(stepHref(m, { kind: 'booking', category: 'sport', done: false })).toBe('/youth/activities');
    expect(stepHref(m, { kind: 'idea', hubId: null, done: false })).toBe('/youth/projects');
    expect(stepHref(m, { kind: 'vote', hubId: 'h', done: false })).toBe('/youth/projects');
    expect(stepHref(m, { kind: 'new_category', category: null, done: false })).toBe('/youth/activities');
  });

  it('lists running missions first, soonest ending first, then the finished ones', () => {
    const done = mission('done', '2026-11-30', [{ ...todo, done: true }], { completedAt: '2026-11-20T10:00:00.000Z' });
    const order = missionsInOrder([mission('b', '2026-12-31', [todo]), done, mission('a', '2026-12-01', [todo])]).map((m) => m.id);
    expect(order).toEqual(['a', 'b', 'done']);
  });
});

describe('a gentle reminder', () => {
  const soon = mission('soon', '2026-11-29', [todo]);
  it('names the unfinished mission ending within a week, with the days left', () => {
    expect(reminderFor({ remindersOn: true, missions: [mission('far', '2027-01-31', [todo]), soon] }, now)).toMatchObject({
      mission: { id: 'soon' },
      days: 3,
    });
    expect(daysLeft('2026-11-26', now)).toBe(0);
  });
  it('stays quiet when reminders are off, in quiet hours, or with nothing ending soon', () => {
    expect(reminderFor({ remindersOn: false, missions: [soon] }, now)).toBeNull();
    expect(reminderFor({ remindersOn: true, missions: [soon] }, new Date('2026-11-26T21:30:00.000Z'))).toBeNull();
    expect(reminderFor({ remindersOn: true, missions: [mission('far', '2027-01-31', [todo])] }, now)).toBeNull();
    expect(reminderFor({ remindersOn: true, missions: [{ ...soon, rewardPending: true }] }, now)).toBeNull();
  });
});

describe('level progress', () => {
  it('counts credits earned from the level floor to the next', () => {
    expect(levelProgress({ level: 2, floor: 150, next: 300 }, 210)).toEqual({ value: 60, max: 150, toGo: 90 });
    expect(levelProgress({ level: 10, floor: 2750, next: null }, 3000)).toBeNull();
  });
});
