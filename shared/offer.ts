import * as v from 'valibot';
import { CATEGORIES, type Category } from './overview';
import { ACCESSIBILITY, PILLARS, SPOKEN_LANGUAGES, type Accessibility, type Pillar, type SpokenLanguage, type Text } from './catalogue';
import { LOCALES } from './locale';
import { MunicipioSchema, type Municipio } from './municipi';
import { isValidIsoDate } from './dates';

/**
 * A provider's own offers (DESIGN §5): what staff edit, and the sessions they schedule. Every change
 * to what families see makes a new version (the database numbers them); a booking keeps its own.
 */
export const OFFER_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** The most a single activity may cost: beyond it, a typing slip is likelier than a price. */
export const MAX_PRICE_CENTS = 2_000_00;
/** Where Milan's activities can be: a pin far outside the city is a slip of the map. */
export const MILAN_BOUNDS = { south: 45.35, north: 45.58, west: 9.03, east: 9.32 } as const;

const unique = <T>(message: string) => v.check((items: T[]) => new Set(items).size === items.length, message);
const integer = (min: number, max: number, message: string) => v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

/** Text in the app's languages: Italian required, the others optional (left empty, they are not kept). */
function textByLanguage(min: number, max: number, message: string) {
  const other = v.optional(v.pipe(v.string(message), v.trim(), v.maxLength(max, message)), '');
  return v.object({ it: v.pipe(v.string(message), v.trim(), v.minLength(min, message), v.maxLength(max, message)), en: other, ar: other, zh: other, es: other }, message);
}

/** The languages actually written, as the catalogue keeps text. */
export function writtenText(text: Partial<Record<string, string>>): Text {
  return Object.fromEntries(LOCALES.map((l) => [l, text[l] ?? '']).filter(([, value]) => value));
}

export const OfferInputSchema = v.pipe(
  v.object({
    title: textByLanguage(2, 120, 'field_offer_title'),
    description: textByLanguage(10, 2000, 'field_offer_description'),
    category: v.picklist(CATEGORIES, 'field_category'),
    pillars: v.pipe(v.array(v.picklist(PILLARS, 'field_pillars'), 'field_pillars'), v.minLength(1, 'field_pillars'), unique<Pillar>('field_pillars')),
    ageMin: integer(0, 18, 'field_age_min'),
    ageMax: integer(0, 18, 'field_age_max'),
    priceCents: integer(0, MAX_PRICE_CENTS, 'field_price'),
    voucherAccepted: v.boolean('field_voucher_accepted'),
    creditPrice: v.nullable(integer(1, 100_000, 'field_credit_price')),
    address: v.pipe(v.string('field_address'), v.trim(), v.minLength(3, 'field_address'), v.maxLength(200, 'field_address')),
    municipio: MunicipioSchema,
    lat: v.pipe(v.number('field_coordinates'), v.minValue(MILAN_BOUNDS.south, 'field_coordinates'), v.maxValue(MILAN_BOUNDS.north, 'field_coordinates')),
    lon: v.pipe(v.number('field_coordinates'), v.minValue(MILAN_BOUNDS.west, 'field_coordinates'), v.maxValue(MILAN_BOUNDS.east, 'field_coordinates')),
    accessibility: v.pipe(v.array(v.picklist(ACCESSIBILITY, 'field_accessibility'), 'field_accessibility'), unique<Accessibility>('field_accessibility')),
    languages: v.pipe(v.array(v.picklist(SPOKEN_LANGUAGES, 'field_languages'), 'field_languages'), v.minLength(1, 'field_languages'), unique<SpokenLanguage>('field_languages')),
    cancelHours: integer(0, 720, 'field_cancel_hours'),
    status: v.picklist(OFFER_STATUSES, 'field_offer_status'),
  }),
  v.forward(
    v.check((o) => o.ageMax >= o.ageMin, 'field_age_max'),
    ['ageMax'],
  ),
);
export type OfferInput = v.InferOutput<typeof OfferInputSchema>;
/** An offer as sent: the languages not written may be left out. */
export type OfferRequest = v.InferInput<typeof OfferInputSchema>;

/** An edit names the version it was made on: a colleague's change since then is not overwritten unseen. */
export const OfferUpdateSchema = v.object({ version: integer(1, 2 ** 31 - 1, 'field_version'), offer: OfferInputSchema });

export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** A run of weekly sessions: the first date and time in Milan, how long, how many weeks, how many places. */
export const SessionsInputSchema = v.object({
  firstDate: v.pipe(v.string('field_first_date'), v.check(isValidIsoDate, 'field_first_date')),
  time: v.pipe(v.string('field_time'), v.regex(TIME_OF_DAY, 'field_time')),
  minutes: integer(15, 600, 'field_minutes'),
  weeks: integer(1, 52, 'field_weeks'),
  capacity: integer(1, 500, 'field_capacity'),
});
export type SessionsInput = v.InferOutput<typeof SessionsInputSchema>;

/** A session as its provider sees it: places taken, and whether it still runs. */
export type ProviderSession = { id: string; startsAt: string; endsAt: string; capacity: number; seatsTaken: number; status: 'scheduled' | 'cancelled' };

/** An offer as its provider manages it: everything families see, and its standing. */
export type ProviderOffer = Omit<OfferInput, 'title' | 'description'> & { id: string; version: number; updatedAt: string; title: Text; description: Text; category: Category; municipio: Municipio; sessions: ProviderSession[] };
