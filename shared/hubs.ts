import * as v from 'valibot';
import { TrimmedText } from './validation';
import { distanceKm, type Accessibility, type CatalogueOffer, type SpokenLanguage } from './catalogue';
import { MunicipioSchema, type Municipio } from './municipi';
import { AccessibilitySchema, LatitudeSchema, LongitudeSchema, SpokenLanguagesSchema } from './offer';
import type { HubEvent } from './hub-events';
import type { HubBudget, Round } from './micro-projects';
import { isoDateIn, PROGRAMME_TIME_ZONE } from './dates';
import { EmailSchema, NewPasswordSchema } from './account';
import { NameSchema } from './household';
import { LocaleSchema } from './locale';

/**
 * Community hubs as the city runs them: it opens a hub (where it is, when it is open, the languages
 * its staff speak, what makes it accessible), changes it, and closes it. A closed hub keeps its
 * history (check-ins, missions, rewards) but leaves the public list and takes no more check-ins.
 */

/** Days as the calendar on a Milan wall has them: 1 = Monday … 7 = Sunday (ISO 8601). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One span of a day the hub is open, on Milan's clocks ("15:00" to "19:30"). A day may have several. */
export type OpeningSpan = { day: Weekday; opens: string; closes: string };

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const OpeningSpanSchema = v.pipe(
  v.object({
    day: v.picklist(WEEKDAYS, 'field_weekday'),
    opens: v.pipe(v.string('field_opening_time'), v.regex(CLOCK_TIME, 'field_opening_time')),
    closes: v.pipe(v.string('field_opening_time'), v.regex(CLOCK_TIME, 'field_opening_time')),
  }),
  v.forward(
    v.check((span) => minutesOf(span.opens) < minutesOf(span.closes), 'field_closes_before_opens'),
    ['closes'],
  ),
);

/** Spans of the same day may not overlap: "open 15-19 and 18-20" is a typing slip. */
function overlapFree(spans: OpeningSpan[]): boolean {
  const sorted = [...spans].sort((a, b) => a.day - b.day || minutesOf(a.opens) - minutesOf(b.opens));
  return sorted.every((span, i) => i === 0 || sorted[i - 1].day !== span.day || minutesOf(sorted[i - 1].closes) <= minutesOf(span.opens));
}

export const OpeningHoursSchema = v.pipe(
  v.array(OpeningSpanSchema, 'field_opening_hours'),
  v.minLength(1, 'field_opening_hours'),
  v.maxLength(21, 'field_opening_hours'),
  v.check(overlapFree, 'field_opening_overlap'),
);

/** What the city says of a hub when it opens it or changes it. */
export const HubInputSchema = v.object({
  name: TrimmedText(3, 120, 'field_hub_name'),
  address: TrimmedText(3, 200, 'field_address'),
  municipio: MunicipioSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  hours: OpeningHoursSchema,
  languages: SpokenLanguagesSchema,
  accessibility: AccessibilitySchema,
});
export type HubInput = v.InferOutput<typeof HubInputSchema>;

/** A hub as anyone may see it, signed in or not. */
export type PublicHub = {
  id: string;
  name: string;
  address: string;
  municipio: Municipio;
  /** Null for a hub opened before hubs had a place on the map. */
  lat: number | null;
  lon: number | null;
  hours: OpeningSpan[];
  languages: SpokenLanguage[];
  accessibility: Accessibility[];
};

/** A hub's public page: the hub, its events to come, the activities nearest to it (closest first), and the young people it reached this year. */
export type HubPage = {
  hub: PublicHub;
  events: HubEvent[];
  nearby: NearbyOffer[];
  reached: { year: number; youth: number };
  /** The hub's budget for micro-projects, and its rounds (the latest first). */
  budget: HubBudget;
  rounds: Round[];
};

/** What a hub's page says of an activity near it. */
export type OfferNearby = Pick<
  CatalogueOffer,
  'id' | 'title' | 'category' | 'providerName' | 'address' | 'ageMin' | 'ageMax' | 'lat' | 'lon'
>;
export type NearbyOffer = Omit<OfferNearby, 'lat' | 'lon'> & { distanceKm: number };

/** A hub as the city manages it: open or closed, and who works there. */
export type CityHub = PublicHub & { closedAt: string | null; operators: number; createdAt: string };

/** How far an activity may be to count as "near the hub" (a walk or a few stops of public transport): our figure. */
export const NEARBY_KM = 2;
/** How many nearby activities a hub's page lists. */
export const NEARBY_LIMIT = 8;

/** The activities within `NEARBY_KM` of a hub, closest first, at most `NEARBY_LIMIT`. */
export function nearbyOffers(hub: { lat: number; lon: number }, offers: OfferNearby[]): NearbyOffer[] {
  return offers
    .map((offer) => ({ offer, distance: distanceKm(hub, offer) }))
    .filter(({ distance }) => distance <= NEARBY_KM)
    .sort((a, b) => a.distance - b.distance || a.offer.id.localeCompare(b.offer.id))
    .slice(0, NEARBY_LIMIT)
    .map(({ offer, distance }) => ({
      id: offer.id,
      title: offer.title,
      category: offer.category,
      providerName: offer.providerName,
      address: offer.address,
      ageMin: offer.ageMin,
      ageMax: offer.ageMax,
      distanceKm: Math.round(distance * 10) / 10,
    }));
}

/** The spans of the week in order: Monday first, each day's spans by the hour they open. */
export function weekOf(hours: OpeningSpan[]): { day: Weekday; spans: { opens: string; closes: string }[] }[] {
  return WEEKDAYS.map((day) => ({
    day,
    spans: hours
      .filter((span) => span.day === day)
      .sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens))
      .map(({ opens, closes }) => ({ opens, closes })),
  }));
}

// The day of the week and the time on Milan's clocks: one formatter, made once (see dates.ts).
let clockFormat: Intl.DateTimeFormat | null = null;
function milanClock(instant: Date): { day: Weekday; minutes: number } {
  clockFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: PROGRAMME_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [y, m, d] = isoDateIn(instant).split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { day: (weekday === 0 ? 7 : weekday) as Weekday, minutes: minutesOf(clockFormat.format(instant)) };
}

/** Whether the hub is open at an instant, on Milan's clocks (summer time included); closing time is closed. */
export function isOpenAt(hours: OpeningSpan[], instant: Date): boolean {
  const { day, minutes } = milanClock(instant);
  return hours.some((span) => span.day === day && minutesOf(span.opens) <= minutes && minutes < minutesOf(span.closes));
}

/** How long an invitation to work at a hub stays good: our figure. */
export const INVITATION_DAYS = 7;

/** The city invites someone to work at a hub: who they are and where the link goes. */
export const InviteOperatorSchema = v.object({ name: NameSchema, email: EmailSchema });
export type InviteOperatorInput = v.InferOutput<typeof InviteOperatorSchema>;

/** The invited person accepts: the password they choose, and the language they read. */
export const AcceptInvitationSchema = v.object({ password: NewPasswordSchema, language: LocaleSchema });
export type AcceptInvitationInput = v.InferOutput<typeof AcceptInvitationSchema>;

export type HubOperator = { id: string; name: string; email: string; since: string };
export type HubInvitation = { id: string; name: string; email: string; createdAt: string; expiresAt: string };
/** Who works at a hub, and who has been invited and not yet answered. */
export type HubStaff = { operators: HubOperator[]; invitations: HubInvitation[] };
/** What an invitation says to the person who opens its link. */
export type InvitationView = { hubName: string; name: string; email: string; expiresAt: string };
