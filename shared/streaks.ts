// Levels and forgiving weekly streaks: a missed week can be covered by a freeze earned by keeping on.

/** Credits earned (never spent) to reach each level: level 1 at 0, the steps growing gently. */
export const LEVEL_THRESHOLDS = [0, 150, 300, 500, 750, 1050, 1400, 1800, 2250, 2750] as const;

export type Level = { level: number; floor: number; next: number | null };

export function levelFor(earned: number): Level {
  let level = 1;
  for (let i = 1; i < LEVEL_THRESHOLDS.length; i++) if (earned >= LEVEL_THRESHOLDS[i]) level = i + 1;
  return { level, floor: LEVEL_THRESHOLDS[level - 1], next: LEVEL_THRESHOLDS[level] ?? null };
}

/** One freeze is earned for every four active weeks, and at most two are kept. */
export const FREEZE_EVERY = 4;
export const MAX_FREEZES = 2;

export type Streak = {
  /** Active weeks in the current run (a frozen week neither breaks nor adds to it). */
  current: number;
  best: number;
  freezes: number;
  /** Whether this week already counts: if not, there is still all week to do something. */
  thisWeek: boolean;
};

/** The Monday (ISO date) of the programme week a day belongs to. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

const nextWeek = (monday: string) => new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

/**
 * Weekly streaks that forgive: a week counts if the youth did anything real in it; a missed week
 * uses a freeze if there is one, and otherwise only the current run starts again. The week in course
 * never breaks anything, and nothing earned is ever taken back.
 */
export function streakOf(activeDays: string[], today: string): Streak {
  const active = new Set(activeDays.map(weekOf));
  const thisWeek = weekOf(today);
  const weeks = [...active].filter((w) => w <= thisWeek).sort();
  if (weeks.length === 0) return { current: 0, best: 0, freezes: 0, thisWeek: false };
  let current = 0;
  let best = 0;
  let freezes = 0;
  let count = 0;
  for (let week = weeks[0]; week <= thisWeek; week = nextWeek(week)) {
    if (active.has(week)) {
      current += 1;
      count += 1;
      if (count % FREEZE_EVERY === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
    } else if (week === thisWeek) {
      // Still open.
    } else if (freezes > 0) {
      freezes -= 1;
    } else {
      current = 0;
    }
    best = Math.max(best, current);
  }
  return { current, best, freezes, thisWeek: active.has(thisWeek) };
}
