// Badges: what earns each, and its artwork.

/** What badges are judged on, counted from the facts and the ledger. */
export type Achievements = {
  checkins: number;
  categories: number;
  bestStreak: number;
  /** Project meetings checked in at and co-design meetings attended. */
  projects: number;
  /** Ideas proposed in micro-project rounds (not removed by the hub). */
  ideas: number;
  /** Micro-project rounds voted in. */
  votes: number;
  polls: number;
  level: number;
  missions: number;
};

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
  co_designer: {
    colour: '#be185d',
    glyph: 'M32 16a10 10 0 0 1 6 18v6H26v-6a10 10 0 0 1 6-18zM27 44h10v4H27z',
    earnedBy: (a) => a.projects >= 1,
  },
  idea_maker: {
    colour: '#ca8a04',
    glyph: 'M32 14a11 11 0 0 1 7 19.5V38H25v-4.5A11 11 0 0 1 32 14zM26 42h12M28 47h8',
    earnedBy: (a) => a.ideas >= 1,
  },
  ballot: { colour: '#1e40af', glyph: 'M18 30h28v16H18zM26 30l6-14 10 4-4 10M24 38h16', earnedBy: (a) => a.votes >= 1 },
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
