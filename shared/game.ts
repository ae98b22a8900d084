// Play that moves youth into the real world (DESIGN §6): check-in codes, missions and their progress,
// badges, levels and forgiving weekly streaks. Pure rules, shared by the server (the authority) and
// the app (which shows a check-in's effect at once, before the server confirms it).
import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import { textByLanguage } from './offer';
import type { Text } from './catalogue';
import { IdSchema } from './validation';
import { ageOn, hourIn, isoDateIn, isValidIsoDate } from './dates';
import { defineMutations } from './mutation';

// ---------------------------------------------------------------------------------------------
// Check-in codes
// ---------------------------------------------------------------------------------------------

/**
 * A place's device shows a new code every window. The code is an HMAC of the place, the purpose and
 * the window under the place's secret, which staff devices keep, so it rotates with no network.
 */
export const CHECKIN_WINDOW_MS = 2 * 60_000;
/**
 * A code shown in window w counts when the youth's device scanned it in w … w+2 (up to six minutes),
 * or one window before (the kiosk's clock a little ahead of the server's).
 */
export const CHECKIN_WINDOWS_AFTER = 2;
export const CHECKIN_WINDOWS_BEFORE = 1;
/** How far back (an hour) the server looks to tell an expired code from one that was never shown. */
export const CHECKIN_EXPIRED_LOOKBACK_WINDOWS = 30;
/** How long a check-in made offline may take to reach the server. */
export const CHECKIN_LATE_MS = 7 * 24 * 3_600_000;
/** How far ahead of the server a device's clock may claim to be. */
export const CHECKIN_CLOCK_SKEW_MS = 5 * 60_000;
/** Wrong or expired codes a youth may send in an hour before check-ins are refused for a while (guessing six digits). */
export const CHECKIN_FAILURES_PER_HOUR = 10;
/** Credits for checking in at a place (once per place per day). */
export const CHECKIN_CREDITS = 5;
/** Check-ins that pay credits each day: more still count for missions, streaks and badges. */
export const CHECKIN_PAID_PER_DAY = 3;
/** The credits every youth starts with ("all children start with some credit"). */
export const WELCOME_CREDITS = 100;

export const CHECKIN_PURPOSES = ['visit', 'project'] as const;
export type CheckinPurpose = (typeof CHECKIN_PURPOSES)[number];

/** Crockford's base 32, without I, L, O, U: easy to read aloud and to type. */
const PLACE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PLACE_CODE = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;
/** What a scanned QR carries before the short form, so a booking code or a web link is not taken for one. */
export const CHECKIN_QR_PREFIX = 'WMC:';

export type CheckinCode = { place: string; digits: string };

export function placeCodeFrom(bytes: Uint8Array): string {
  let code = '';
  for (let i = 0; i < 4; i++) code += PLACE_ALPHABET[bytes[i] % 32];
  return code;
}

export const windowOf = (ms: number): number => Math.floor(ms / CHECKIN_WINDOW_MS);

/** The short form a youth can type: the place and six digits ("H7KQ-482913"). */
export const shortCode = (code: CheckinCode): string => `${code.place}-${code.digits}`;
export const qrText = (code: CheckinCode): string => `${CHECKIN_QR_PREFIX}${shortCode(code)}`;

/** Reads a code as scanned or typed: case, spaces and dashes do not matter; O and I read as 0 and 1. */
export function parseCheckinCode(text: string): CheckinCode | null {
  let rest = text.trim().toUpperCase();
  if (rest.startsWith(CHECKIN_QR_PREFIX)) rest = rest.slice(CHECKIN_QR_PREFIX.length);
  const compact = rest.replace(/[\s-]/g, '');
  if (compact.length !== 10) return null;
  const place = compact.slice(0, 4).replace(/O/g, '0').replace(/[IL]/g, '1');
  const digits = compact.slice(4);
  if (!PLACE_CODE.test(place) || !/^\d{6}$/.test(digits)) return null;
  return { place, digits };
}

const encoder = new TextEncoder();

const hmacKey = (secret: Uint8Array) => crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

/** The six digits a place shows in a window for a purpose (HMAC-SHA256, truncated as HOTP does). */
export async function checkinDigits(secret: Uint8Array | CryptoKey, place: string, purpose: CheckinPurpose, window: number): Promise<string> {
  const key = secret instanceof Uint8Array ? await hmacKey(secret) : secret;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`wishmi-checkin|${place}|${purpose}|${window}`)));
  const offset = mac[mac.length - 1] & 0x0f;
  const value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(value % 1_000_000).padStart(6, '0');
}

/** Constant-time comparison of two digit strings. */
function sameDigits(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type CodeVerdict = { ok: true; purpose: CheckinPurpose; window: number } | { ok: false; code: 'checkin_code_expired' | 'checkin_code_invalid' };

/**
 * Whether digits were shown by the place near the time the youth's device says it scanned them: in
 * the windows that count, it is good; in an older window of the last day, it has expired; else it was
 * never this place's code.
 */
export async function judgeCheckinCode(secret: Uint8Array, code: CheckinCode, scannedAt: Date): Promise<CodeVerdict> {
  const key = await hmacKey(secret);
  const scanned = windowOf(scannedAt.getTime());
  for (let w = scanned + CHECKIN_WINDOWS_BEFORE; w >= scanned - CHECKIN_WINDOWS_AFTER; w--) {
    for (const purpose of CHECKIN_PURPOSES) {
      if (sameDigits(await checkinDigits(key, code.place, purpose, w), code.digits)) return { ok: true, purpose, window: w };
    }
  }
  for (let w = scanned - CHECKIN_WINDOWS_AFTER - 1; w >= scanned - CHECKIN_EXPIRED_LOOKBACK_WINDOWS; w--) {
    for (const purpose of CHECKIN_PURPOSES) {
      if (sameDigits(await checkinDigits(key, code.place, purpose, w), code.digits)) return { ok: false, code: 'checkin_code_expired' };
    }
  }
  return { ok: false, code: 'checkin_code_invalid' };
}

/**
 * Whether a check-in's (or a poll answer's) claimed time can be believed (DESIGN §9): not ahead of the
 * server, not older than the device's last confirmed sync (no backdating), and not older than the late limit.
 */
export function checkinTimeProblem(rule: { clientTime: Date; receivedAt: Date; lastSyncedAt: Date | null }): 'checkin_backdated' | 'checkin_too_late' | 'checkin_future' | null {
  const { clientTime, receivedAt, lastSyncedAt } = rule;
  if (clientTime.getTime() > receivedAt.getTime() + CHECKIN_CLOCK_SKEW_MS) return 'checkin_future';
  if (receivedAt.getTime() - clientTime.getTime() > CHECKIN_LATE_MS) return 'checkin_too_late';
  if (lastSyncedAt && clientTime.getTime() < lastSyncedAt.getTime()) return 'checkin_backdated';
  return null;
}

export const CheckinSchema = v.strictObject({
  id: IdSchema('field_checkin_id'),
  code: v.pipe(v.string('field_checkin_code'), v.maxLength(40, 'field_checkin_code'), v.check((text) => parseCheckinCode(text) !== null, 'field_checkin_code')),
});
export type CheckinInput = v.InferOutput<typeof CheckinSchema>;

/** A check-in place: a hub, or one activity of a provider. */
export type PlaceKind = 'hub' | 'offer';
export type PlaceRef = { code: string; kind: PlaceKind; name: string; hubId: string | null; offerId: string | null; category: Category | null };
/** What a staff device keeps to show a place's codes with no network. */
export type StaffPlace = PlaceRef & { id: string; secret: string };

// ---------------------------------------------------------------------------------------------
// Badges
// ---------------------------------------------------------------------------------------------

/** What badges are judged on, counted from the facts and the ledger. */
export type Achievements = { checkins: number; categories: number; bestStreak: number; projects: number; polls: number; level: number; missions: number };

type BadgeDefinition = { colour: string; glyph: string; earnedBy: ((a: Achievements) => boolean) | 'mission' };

/**
 * The badge catalogue: names and stories are messages (`badge_<key>_name`, `badge_<key>_story`).
 * Some are earned by what a youth has done; the others only by completing a mission that gives them.
 */
export const BADGES = {
  first_step: { colour: '#0b6e4f', glyph: 'M32 14l5 11 12 1-9 8 3 12-11-6-11 6 3-12-9-8 12-1z', earnedBy: (a) => a.checkins >= 1 },
  explorer: { colour: '#1d4ed8', glyph: 'M32 14a18 18 0 1 0 0.01 0zM32 20l5 12-5 12-5-12z', earnedBy: (a) => a.categories >= 3 },
  all_rounder: { colour: '#7c3aed', glyph: 'M18 22h28v6H18zM18 31h28v6H18zM18 40h28v6H18z', earnedBy: (a) => a.categories >= 5 },
  regular: { colour: '#b45309', glyph: 'M20 18h24v28H20zM24 24h16M24 30h16M24 36h10', earnedBy: (a) => a.bestStreak >= 4 },
  co_designer: { colour: '#be185d', glyph: 'M32 16a10 10 0 0 1 6 18v6H26v-6a10 10 0 0 1 6-18zM27 44h10v4H27z', earnedBy: (a) => a.projects >= 1 },
  voice: { colour: '#0e7490', glyph: 'M18 20h28v18H30l-8 8v-8h-4z', earnedBy: (a) => a.polls >= 3 },
  level_up: { colour: '#4d7c0f', glyph: 'M32 14l14 16h-8v16H26V30h-8z', earnedBy: (a) => a.level >= 3 },
  mission_sport: { colour: '#c2410c', glyph: 'M32 14a18 18 0 1 0 0.01 0zM20 26h24M20 38h24M32 14v36', earnedBy: 'mission' },
  mission_culture: { colour: '#6d28d9', glyph: 'M16 46h32M20 42V26M28 42V26M36 42V26M44 42V26M14 24l18-10 18 10z', earnedBy: 'mission' },
  mission_city: { colour: '#0f766e', glyph: 'M16 46V28l8-6v24M28 46V18l10-4v32M42 46V26l6 4v16', earnedBy: 'mission' },
} satisfies Record<string, BadgeDefinition>;
export type BadgeKey = keyof typeof BADGES;
export const BADGE_KEYS = Object.keys(BADGES) as BadgeKey[];
/** The badges these achievements earn (mission badges come with their missions). */
export function badgesEarned(achievements: Achievements): BadgeKey[] {
  return BADGE_KEYS.filter((key) => {
    const rule = (BADGES as Record<BadgeKey, BadgeDefinition>)[key].earnedBy;
    return rule !== 'mission' && rule(achievements);
  });
}

/** A badge's artwork: a rosette in its colour with its glyph, as SVG (no text: the name is beside it). */
export function badgeSvg(key: BadgeKey): string {
  const badge = BADGES[key];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-hidden="true">` +
    `<circle cx="32" cy="32" r="30" fill="${badge.colour}"/>` +
    `<circle cx="32" cy="32" r="25" fill="none" stroke="#fff" stroke-width="2" stroke-dasharray="4 3"/>` +
    `<path d="${badge.glyph}" fill="#fff" stroke="#fff" stroke-width="1.5" stroke-linejoin="round"/>` +
    `</svg>`
  );
}

// ---------------------------------------------------------------------------------------------
// Missions
// ---------------------------------------------------------------------------------------------

export const STEP_KINDS = ['checkin', 'new_category', 'booking', 'project', 'poll'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const optionalId = (message: string) => v.optional(v.nullable(IdSchema(message)), null);
const optionalCategory = v.optional(v.nullable(v.picklist(CATEGORIES, 'field_category')), null);

export const StepSchema = v.variant(
  'kind',
  [
    /** Check in at a hub or an activity (any place when neither is named). */
    v.strictObject({ kind: v.literal('checkin'), hubId: optionalId('field_hub'), offerId: optionalId('field_offer') }),
    /** Go to an activity of a category never tried before (optionally, that category). */
    v.strictObject({ kind: v.literal('new_category'), category: optionalCategory }),
    /** Complete a booking: the activity's provider scanned it. */
    v.strictObject({ kind: v.literal('booking'), category: optionalCategory }),
    /** Join a hub micro-project: check in at a project meeting (a project code, shown by the hub). */
    v.strictObject({ kind: v.literal('project'), hubId: optionalId('field_hub') }),
    /** Answer a short poll; the answer is anonymous to providers. */
    v.strictObject({
      kind: v.literal('poll'),
      question: textByLanguage(3, 200, 'field_poll_question'),
      options: v.pipe(v.array(textByLanguage(1, 80, 'field_poll_option'), 'field_poll_option'), v.minLength(2, 'field_poll_option'), v.maxLength(6, 'field_poll_option')),
    }),
  ],
  'field_step',
);
export type StepInput = v.InferOutput<typeof StepSchema>;
/** A step as kept and sent: a poll's texts only in the languages written. */
export type Step = Exclude<StepInput, { kind: 'poll' }> | { kind: 'poll'; question: Text; options: Text[] };

export const MIN_AGE = 11;
export const MAX_AGE = 18;
export const MAX_STEPS = 6;
export const MAX_REWARD = 500;

const ageField = v.pipe(v.number('field_age'), v.integer('field_age'), v.minValue(MIN_AGE, 'field_age'), v.maxValue(MAX_AGE, 'field_age'));

export const MissionInputSchema = v.pipe(
  v.strictObject({
    title: textByLanguage(3, 80, 'field_title'),
    story: textByLanguage(10, 1000, 'field_story'),
    ageMin: ageField,
    ageMax: ageField,
    startsOn: v.pipe(v.string('field_starts_on'), v.check(isValidIsoDate, 'field_starts_on')),
    endsOn: v.pipe(v.string('field_ends_on'), v.check(isValidIsoDate, 'field_ends_on')),
    steps: v.pipe(v.array(StepSchema, 'field_step'), v.minLength(1, 'field_step'), v.maxLength(MAX_STEPS, 'field_step')),
    reward: v.pipe(v.number('field_reward'), v.integer('field_reward'), v.minValue(0, 'field_reward'), v.maxValue(MAX_REWARD, 'field_reward')),
    badge: v.optional(v.nullable(v.picklist(BADGE_KEYS, 'field_badge')), null),
  }),
  v.forward(v.check((m) => m.ageMin <= m.ageMax, 'field_age'), ['ageMax']),
  v.forward(v.check((m) => m.startsOn <= m.endsOn, 'field_ends_on'), ['endsOn']),
);
export type MissionInput = v.InferOutput<typeof MissionInputSchema>;

/** A mission as the rules see it: its days (inclusive, Milan time) and its steps. */
export type MissionRule = { id: string; startsOn: string; endsOn: string; steps: Step[] };

/** What happened, as the server knows it: the facts missions, badges and streaks are computed from. */
export type Fact =
  | { kind: 'checkin'; at: string; purpose: CheckinPurpose; placeKind: PlaceKind; hubId: string | null; offerId: string | null; category: Category | null }
  | { kind: 'redeemed'; at: string; offerId: string; category: Category }
  | { kind: 'poll'; at: string; missionId: string; step: number };

const dayOf = (at: string) => isoDateIn(new Date(at));
const inMission = (mission: MissionRule, at: string) => {
  const day = dayOf(at);
  return day >= mission.startsOn && day <= mission.endsOn;
};
const categoryOf = (fact: Fact): Category | null => (fact.kind === 'redeemed' ? fact.category : fact.kind === 'checkin' ? fact.category : null);

/** Each category's first fact, ever: "a category never tried before" is tried by it. */
export function firstTries(facts: Fact[]): Map<Category, Fact> {
  const first = new Map<Category, Fact>();
  for (const fact of [...facts].sort((a, b) => a.at.localeCompare(b.at))) {
    const category = categoryOf(fact);
    if (category && !first.has(category)) first.set(category, fact);
  }
  return first;
}

/** Whether one fact does one step of a mission (`firstOfCategory`: the fact is its category's first ever). */
export function factDoesStep(mission: MissionRule, index: number, fact: Fact, firstOfCategory: boolean): boolean {
  const step = mission.steps[index];
  if (!step || !inMission(mission, fact.at)) return false;
  switch (step.kind) {
    case 'checkin':
      return fact.kind === 'checkin' && fact.purpose === 'visit' && (!step.hubId || fact.hubId === step.hubId) && (!step.offerId || fact.offerId === step.offerId);
    case 'project':
      return fact.kind === 'checkin' && fact.purpose === 'project' && (!step.hubId || fact.hubId === step.hubId);
    case 'new_category':
      return firstOfCategory && (!step.category || categoryOf(fact) === step.category);
    case 'booking':
      return fact.kind === 'redeemed' && (!step.category || fact.category === step.category);
    case 'poll':
      return fact.kind === 'poll' && fact.missionId === mission.id && fact.step === index;
  }
}

/** Which of a mission's steps the facts have done. */
export function missionProgress(mission: MissionRule, facts: Fact[]): boolean[] {
  const firsts = new Set(firstTries(facts).values());
  return mission.steps.map((_, i) => facts.some((fact) => factDoesStep(mission, i, fact, firsts.has(fact))));
}

export const missionComplete = (mission: MissionRule, facts: Fact[]): boolean => missionProgress(mission, facts).every(Boolean);

/** Whether a youth of this birth date may take the mission on a day (age range, and its days). */
export function missionOpenTo(mission: { startsOn: string; endsOn: string; ageMin: number; ageMax: number }, birthDate: string, day: string): boolean {
  const age = ageOn(birthDate, day);
  return day >= mission.startsOn && day <= mission.endsOn && age >= mission.ageMin && age <= mission.ageMax;
}

export const PollAnswerSchema = v.strictObject({
  missionId: IdSchema('field_mission'),
  step: v.pipe(v.number('field_step'), v.integer('field_step'), v.minValue(0, 'field_step'), v.maxValue(MAX_STEPS - 1, 'field_step')),
  option: v.pipe(v.number('field_poll_option'), v.integer('field_poll_option'), v.minValue(0, 'field_poll_option'), v.maxValue(5, 'field_poll_option')),
});
export type PollAnswerInput = v.InferOutput<typeof PollAnswerSchema>;

// ---------------------------------------------------------------------------------------------
// Levels and streaks
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Safety: leaderboards, reminders, what guardians see
// ---------------------------------------------------------------------------------------------

/** The words a pseudonym is made of: a moderated list, so no one writes a name, an insult or a phone number. */
export const PSEUDONYM_WORDS = [
  'Airone', 'Aquila', 'Aurora', 'Baobab', 'Cedro', 'Cometa', 'Corallo', 'Delfino', 'Falco', 'Fenice', 'Gabbiano', 'Geco', 'Girasole', 'Koala',
  'Lince', 'Lupo', 'Magnolia', 'Nebbia', 'Onda', 'Orsa', 'Panda', 'Pino', 'Quercia', 'Riccio', 'Salice', 'Stella', 'Tigre', 'Vela', 'Volpe', 'Zefiro',
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
  for (let tries = 0; choices.size < 6 && tries < 1000; tries++) choices.add(`${PSEUDONYM_WORDS[Math.floor(random() * PSEUDONYM_WORDS.length)]} ${1 + Math.floor(random() * 99)}`);
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

// ---------------------------------------------------------------------------------------------
// What devices are sent
// ---------------------------------------------------------------------------------------------

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
    refusals: ['checkin_code_invalid', 'checkin_code_expired', 'checkin_backdated', 'checkin_too_late', 'checkin_future', 'checkin_already'],
    changes: [],
  },
  'poll.answer': { args: PollAnswerSchema, version: 1, roles: ['youth'], label: 'mutation_poll_answer', refusals: ['mission_not_found', 'mission_closed', 'poll_answered'], changes: [] },
  'board.set': { args: BoardSchema, version: 1, roles: ['youth'], label: 'mutation_board_set', refusals: ['hub_not_found', 'pseudonym_taken'], changes: [] },
  'reminders.set': { args: RemindersSchema, version: 1, roles: ['guardian'], label: 'mutation_reminders_set', refusals: ['youth_not_found'], changes: [] },
});
