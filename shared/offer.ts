import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import { ACCESSIBILITY, PILLARS, SPOKEN_LANGUAGES, type Accessibility, type Pillar, type SpokenLanguage, type Text } from './catalogue';
import { LOCALES } from './locale';
import { MunicipioSchema, type Municipio } from './municipi';
import { isValidIsoDate } from './dates';

/**
 * A provider's own offers: what staff edit, and the sessions they schedule. Every change
 * to what families see makes a new version (the database numbers them); a booking keeps its own.
 */
export const OFFER_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** The most a single activity may cost: beyond it, a typing slip is likelier than a price. */
export const MAX_PRICE_CENTS = 2_000_00;
/** Where Milan's activities can be: a pin far outside the city is a slip of the map. */
export const MILAN_BOUNDS = { south: 45.35, north: 45.58, west: 9.03, east: 9.32 } as const;

const unique = <T>(message: string) => v.check((items: T[]) => new Set(items).size === items.length, message);

/** A place in Milan, as an activity or a hub has one: a pin far outside the city is a slip of the map. */
export const LatitudeSchema = v.pipe(
  v.number('field_coordinates'),
  v.minValue(MILAN_BOUNDS.south, 'field_coordinates'),
  v.maxValue(MILAN_BOUNDS.north, 'field_coordinates'),
);
export const LongitudeSchema = v.pipe(
  v.number('field_coordinates'),
  v.minValue(MILAN_BOUNDS.west, 'field_coordinates'),
  v.maxValue(MILAN_BOUNDS.east, 'field_coordinates'),
);

/** What a place and its staff offer so that every child can take part: each at most once. */
export const AccessibilitySchema = v.pipe(
  v.array(v.picklist(ACCESSIBILITY, 'field_accessibility'), 'field_accessibility'),
  unique<Accessibility>('field_accessibility'),
);

/** The languages the staff speak (of an activity, a hub, an event): at least one, each once. */
export const SpokenLanguagesSchema = v.pipe(
  v.array(v.picklist(SPOKEN_LANGUAGES, 'field_languages'), 'field_languages'),
  v.minLength(1, 'field_languages'),
  unique<SpokenLanguage>('field_languages'),
);
const integer = (min: number, max: number, message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

/** Text in the app's languages: Italian required, the others optional (left empty, they are not kept). */
export function textByLanguage(min: number, max: number, message: string) {
  const other = v.optional(v.pipe(v.string(message), v.trim(), v.maxLength(max, message)), '');
  return v.object(
    {
      it: v.pipe(v.string(message), v.trim(), v.minLength(min, message), v.maxLength(max, message)),
      en: other,
      ar: other,
      zh: other,
      es: other,
    },
    message,
  );
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
    pillars: v.pipe(
      v.array(v.picklist(PILLARS, 'field_pillars'), 'field_pillars'),
      v.minLength(1, 'field_pillars'),
      unique<Pillar>('field_pillars'),
    ),
    ageMin: integer(0, 18, 'field_age_min'),
    ageMax: integer(0, 18, 'field_age_max'),
    priceCents: integer(0, MAX_PRICE_CENTS, 'field_price'),
    voucherAccepted: v.boolean('field_voucher_accepted'),
    creditPrice: v.nullable(integer(1, 100_000, 'field_credit_price')),
    address: v.pipe(v.string('field_address'), v.trim(), v.minLength(3, 'field_address'), v.maxLength(200, 'field_address')),
    municipio: MunicipioSchema,
    lat: LatitudeSchema,
    lon: LongitudeSchema,
    accessibility: AccessibilitySchema,
    languages: SpokenLanguagesSchema,
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

/**
 * An edit names the revision it was made on (every edit makes one; only those families see make a new
 * version): a colleague's change since then is not overwritten unseen.
 */
export const OfferUpdateSchema = v.object({ revision: integer(1, 2 ** 31 - 1, 'field_version'), offer: OfferInputSchema });

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

/** How many photos an offer may show, and how large each may be once the app has made it small. */
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 240 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** A photo as sent: its bytes in base64 (JSON, checked like every other input) and what it shows, in words. */
export const PhotoInputSchema = v.object({
  contentType: v.picklist(PHOTO_TYPES, 'field_photo'),
  data: v.pipe(
    v.string('field_photo'),
    v.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'field_photo'),
    v.maxLength(Math.ceil(MAX_PHOTO_BYTES / 3) * 4, 'field_photo_size'),
  ),
  alt: textByLanguage(3, 200, 'field_photo_alt'),
});
export type PhotoInput = v.InferOutput<typeof PhotoInputSchema>;

/** The first bytes each image type begins with: a file is what it says it is, or it is refused. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  const starts = (...values: number[]) => values.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  return null;
}

/** A photo as pages show it: where to fetch it, and its text alternative by language. */
export type OfferPhoto = { id: string; alt: Text };

/** A session as its provider sees it: places taken, and whether it still runs. */
export type ProviderSession = {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsTaken: number;
  status: 'scheduled' | 'cancelled';
};

/** An offer as its provider manages it: everything families see, and its standing. */
export type ProviderOffer = Omit<OfferInput, 'title' | 'description'> & {
  id: string;
  version: number;
  revision: number;
  updatedAt: string;
  title: Text;
  description: Text;
  category: Category;
  municipio: Municipio;
  sessions: ProviderSession[];
  photos: OfferPhoto[];
};
