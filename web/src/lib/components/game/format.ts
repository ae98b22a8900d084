import { cached, currentLocale, m, t } from '$lib/i18n';
import { INTL_LOCALE } from '$shared/locale';
import { PROGRAMME_TIME_ZONE } from '$shared/dates';
import { formatPoints } from '$shared/money';
import type { BadgeKey } from '$shared/badges';
import type { PlaceRef } from '$shared/checkin';
import type { ShownStep } from '$lib/game/optimistic';

/** "3 dicembre" for a mission's day (a calendar day, as written). */
export function gameDay(day: string): string {
  const locale = currentLocale();
  return cached(
    `game-day:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', timeZone: 'UTC' }),
  ).format(new Date(`${day}T00:00:00Z`));
}

/** "3 dic, 17:05" for a moment, in Milan. */
export function gameWhen(iso: string): string {
  const locale = currentLocale();
  return cached(
    `game-when:${locale}`,
    () =>
      new Intl.DateTimeFormat(INTL_LOCALE[locale], {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: PROGRAMME_TIME_ZONE,
      }),
  ).format(new Date(iso));
}

/** "3 dicembre 2026" for the day a badge was earned, in Milan. */
export function gameDate(iso: string): string {
  const locale = currentLocale();
  return cached(
    `game-date:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: PROGRAMME_TIME_ZONE }),
  ).format(new Date(iso));
}

export const points = (n: number): string => formatPoints(n, currentLocale());

/** The names a step may point at: the hubs, and the places this device knows. */
export type PlaceNames = { hubs: { id: string; name: string }[]; places: PlaceRef[] };

/** What a step asks, in a short sentence ("Check in at Hub Corvetto", "Try a sport you have never done"). */
export function stepText(step: ShownStep, names: PlaceNames): string {
  const hub = (id: string | null) => (id ? names.hubs.find((h) => h.id === id)?.name : undefined);
  switch (step.kind) {
    case 'checkin': {
      const place = hub(step.hubId) ?? (step.offerId ? names.places.find((p) => p.offerId === step.offerId)?.name : undefined);
      return place ? m.game_step_checkin_at({ place }) : m.game_step_checkin();
    }
    case 'project': {
      const place = hub(step.hubId);
      return place ? m.game_step_project_at({ place }) : m.game_step_project();
    }
    case 'idea': {
      const place = hub(step.hubId);
      return place ? m.game_step_idea_at({ place }) : m.game_step_idea();
    }
    case 'vote': {
      const place = hub(step.hubId);
      return place ? m.game_step_vote_at({ place }) : m.game_step_vote();
    }
    case 'new_category':
      return step.category ? m.game_step_new_category_of({ category: t(`category_${step.category}`) }) : m.game_step_new_category();
    case 'booking':
      return step.category ? m.game_step_booking_of({ category: t(`category_${step.category}`) }) : m.game_step_booking();
    case 'poll':
      return m.game_step_poll();
  }
}

/** The button that takes the person where a step is done ("Scan the code", "Find an activity"). */
export function stepAction(step: ShownStep): string {
  switch (step.kind) {
    case 'checkin':
    case 'project':
      return m.game_next_scan();
    case 'booking':
    case 'new_category':
      return m.game_next_find();
    case 'idea':
    case 'vote':
      return m.game_next_projects();
    case 'poll':
      return m.game_next_answer();
  }
}

/** The words of a step's state, for those who do not see the mark beside it. */
export function stepState(step: ShownStep): string {
  return step.done ? m.game_step_done() : step.pending ? m.game_step_waiting() : m.game_step_todo();
}

export const badgeName = (key: BadgeKey): string => t(`badge_${key}_name`);
export const badgeStory = (key: BadgeKey): string => t(`badge_${key}_story`);
export const badgeCriteria = (key: BadgeKey): string => t(`badge_${key}_criteria`);

/** "Ends today", "Ends tomorrow", "Ends in 5 days". */
export function endsText(days: number): string {
  if (days <= 0) return m.game_ends_today();
  if (days === 1) return m.game_ends_tomorrow();
  return m.game_ends_in({ days: points(days) });
}
