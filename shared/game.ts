// A youth's play beyond its parts: hub boards with pseudonyms, reminders and their quiet hours, what a
// guardian sees, what devices are sent, and play's offline actions. Check-in codes, missions, badges
// and streaks have modules of their own. Pure rules, shared by the server (the authority) and the app.
import * as v from 'valibot';
import type { Category } from './category';
import type { Text } from './catalogue';
import { IdSchema } from './validation';
import { ageOn, hourIn } from './dates';
import { defineMutations } from './mutation';
import { type CheckinPurpose, CheckinSchema, type PlaceRef } from './checkin';
import type { BadgeKey } from './badges';
import { PollAnswerSchema, type Step } from './missions';
import type { Level, Streak } from './streaks';

/** The words a pseudonym is made of: a moderated list, so no one writes a name, an insult or a phone number. */
export const PSEUDONYM_WORDS = [
  'Airone',
  'Aquila',
  'Aurora',
  'Baobab',
  'Cedro',
  'Cometa',
  'Corallo',
  'Delfino',
  'Falco',
  'Fenice',
  'Gabbiano',
  'Geco',
  'Girasole',
  'Koala',
  'Lince',
  'Lupo',
  'Magnolia',
  'Nebbia',
  'Onda',
  'Orsa',
  'Panda',
  'Pino',
  'Quercia',
  'Riccio',
  'Salice',
  'Stella',
  'Tigre',
  'Vela',
  'Volpe',
  'Zefiro',
] as const;

export const PseudonymSchema = v.pipe(
  v.string('field_pseudonym'),
  v.check((text) => {
    const match = /^([A-Za-z]+) ([1-9]\d?)$/.exec(text);
    return !!match && (PSEUDONYM_WORDS as readonly string[]).includes(match[1]);
  }, 'field_pseudonym'),
);

/** Six pseudonyms to choose from, different for each person and each try. */
export function pseudonymChoices(random: () => number = Math.random): string[] {
  const choices = new Set<string>();
  for (let tries = 0; choices.size < 6 && tries < 1000; tries++)
    choices.add(`${PSEUDONYM_WORDS[Math.floor(random() * PSEUDONYM_WORDS.length)]} ${1 + Math.floor(random() * 99)}`);
  return [...choices];
}

export const BoardSchema = v.strictObject({
  /** null: leave the board. */
  hubId: v.nullable(IdSchema('field_hub')),
  pseudonym: v.optional(PseudonymSchema),
});
export type BoardInput = v.InferOutput<typeof BoardSchema>;

/** Reminders keep quiet from 21:00 to 8:00, Milan time. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

export function inQuietHours(now: Date): boolean {
  const hour = hourIn(now);
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/** A guardian sees what a child under this age does, check-in by check-in; above it, a calm summary. */
export const GUARDIAN_SEES_ACTIVITY_UNDER = 14;
export const guardianSeesActivity = (birthDate: string, today: string): boolean => ageOn(birthDate, today) < GUARDIAN_SEES_ACTIVITY_UNDER;

export const RemindersSchema = v.strictObject({ youthId: IdSchema('field_youth'), on: v.boolean('field_reminders') });

export type MissionStepView = Step & { done: boolean; answer?: number | null };
export type MissionView = {
  id: string;
  title: Text;
  story: Text;
  startsOn: string;
  endsOn: string;
  ageMin: number;
  ageMax: number;
  reward: number;
  badge: BadgeKey | null;
  hubName: string | null;
  steps: MissionStepView[];
  completedAt: string | null;
};
export type EarnedBadge = { key: BadgeKey; earnedAt: string; missionId: string | null };
export type CheckinView = { id: string; at: string; place: string; purpose: CheckinPurpose; credits: number };

/** The `game` entity: a youth's board, read fresh on every pull. */
export type GameSnapshot = {
  credits: { balance: number; available: number; earned: number };
  level: Level;
  streak: Streak;
  missions: MissionView[];
  badges: EarnedBadge[];
  checkins: CheckinView[];
  /** The places a check-in may be at, by code: a check-in made offline shows its effect at once. */
  places: PlaceRef[];
  /** Categories tried already: "a category never tried before" is judged on the device too. */
  tried: Category[];
  board: { hubId: string; hubName: string; pseudonym: string } | null;
  hubs: { id: string; name: string }[];
  remindersOn: boolean;
};

/** A child's play as a guardian sees it: calm, and check-in by check-in only for a child under 14. */
export type ChildGame = {
  youthId: string;
  name: string;
  level: number;
  earned: number;
  badges: number;
  missionsDone: number;
  streak: number;
  remindersOn: boolean;
  activity: CheckinView[] | null;
};

/** A board line: a pseudonym and the credits earned this month, never a name, never money. */
export type BoardLine = { rank: number; pseudonym: string; earned: number; you: boolean };

/** A youth's play offline (check-ins, poll answers, the hub board) and a guardian's reminder switch. */
export const GAME_MUTATIONS = defineMutations({
  'checkin.create': {
    args: CheckinSchema,
    version: 1,
    roles: ['youth'],
    label: 'mutation_checkin_create',
    refusals: [
      'checkin_code_invalid',
      'checkin_code_expired',
      'checkin_backdated',
      'checkin_too_late',
      'checkin_future',
      'checkin_already',
      'too_many_attempts',
    ],
    changes: [],
  },
  'poll.answer': {
    args: PollAnswerSchema,
    version: 1,
    roles: ['youth'],
    label: 'mutation_poll_answer',
    refusals: ['mission_not_found', 'mission_closed', 'poll_answered'],
    changes: [],
  },
  'board.set': {
    args: BoardSchema,
    version: 1,
    roles: ['youth'],
    label: 'mutation_board_set',
    refusals: ['hub_not_found', 'pseudonym_taken'],
    changes: [],
  },
  'reminders.set': {
    args: RemindersSchema,
    version: 1,
    roles: ['guardian'],
    label: 'mutation_reminders_set',
    refusals: ['youth_not_found'],
    changes: [],
  },
});
