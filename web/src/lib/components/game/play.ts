import { isoDateIn } from '$shared/dates';
import { inQuietHours } from '$shared/game';
import type { ShownGame, ShownMission, ShownStep } from '$lib/game/optimistic';

/** A mission with nothing left to do: completed, or finished by what waits to be sent. */
export const missionFinished = (mission: ShownMission): boolean => mission.completedAt !== null || mission.rewardPending === true;
export const stepFinished = (step: ShownStep): boolean => step.done || step.pending === true;

/** The steps done (or waiting to be confirmed) of all. */
export const stepsDone = (mission: ShownMission): number => mission.steps.filter(stepFinished).length;

/** Days from today (Milan) to a mission's last day: 0 on the last day itself. */
export function daysLeft(endsOn: string, now: Date): number {
  return Math.round((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${isoDateIn(now)}T00:00:00Z`)) / 86_400_000);
}

/** The missions still running, the one ending soonest first (finished ones after, most recent first). */
export function missionsInOrder(missions: ShownMission[]): ShownMission[] {
  const open = missions.filter((m) => !missionFinished(m)).sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.id.localeCompare(b.id));
  const finished = missions.filter(missionFinished).sort((a, b) => (b.completedAt ?? '9').localeCompare(a.completedAt ?? '9'));
  return [...open, ...finished];
}

export type NextStep = { mission: ShownMission; index: number; step: ShownStep };

/** The next thing to do: the first unfinished step of the unfinished mission ending soonest. */
export function nextStep(missions: ShownMission[]): NextStep | null {
  for (const mission of missionsInOrder(missions)) {
    if (missionFinished(mission)) return null;
    const index = mission.steps.findIndex((step) => !stepFinished(step));
    if (index >= 0) return { mission, index, step: mission.steps[index] };
  }
  return null;
}

/** Where a step is done: the scanner for a check-in, the catalogue for an activity, the mission's page for a poll. */
export function stepHref(mission: { id: string }, step: ShownStep): string {
  switch (step.kind) {
    case 'checkin':
    case 'project':
      return '/youth/checkin';
    case 'booking':
    case 'new_category':
      return '/youth/activities';
    case 'idea':
    case 'vote':
      return '/youth/projects';
    case 'poll':
      return missionHref(mission.id);
  }
}

export const missionHref = (id: string): string => `/youth/missions/view?id=${encodeURIComponent(id)}`;

/** A reminder is about a mission ending within this many days. */
export const REMINDER_DAYS = 7;

/**
 * The one gentle reminder the board may show: only if the youth's guardian left reminders on, never in
 * quiet hours, and only about an unfinished mission that ends within a week (the soonest).
 */
export function reminderFor(game: Pick<ShownGame, 'remindersOn' | 'missions'>, now: Date): { mission: ShownMission; days: number } | null {
  if (!game.remindersOn || inQuietHours(now)) return null;
  const mission = missionsInOrder(game.missions).find((running) => {
    const days = daysLeft(running.endsOn, now);
    return !missionFinished(running) && days >= 0 && days <= REMINDER_DAYS;
  });
  return mission ? { mission, days: daysLeft(mission.endsOn, now) } : null;
}

/** Progress toward the next level, from credits earned (never from credits spent). */
export function levelProgress(level: ShownGame['level'], earned: number): { value: number; max: number; toGo: number } | null {
  if (level.next === null) return null;
  const max = level.next - level.floor;
  const value = Math.min(max, Math.max(0, earned - level.floor));
  return { value, max, toGo: max - value };
}
