// A hub's kiosk: a shared device an operator enrols with a one-time code, which then serves anyone who
// comes with a card and a PIN, and forgets them when they leave.
import * as v from 'valibot';
import { TrimmedText } from './validation';
import { IdSchema } from './validation';
import { CardSchema } from './cards';
import type { HubPage } from './hubs';
import type { StaffPlace } from './checkin';
import type { Me } from './account';

/** How long an enrolment code the operator's page shows may be entered. */
export const ENROLMENT_MINUTES = 15;
/** After this long without a touch, a countdown asks whether the person is still there… */
export const KIOSK_IDLE_MS = 60_000;
/** …and gives them this long to stay before the kiosk forgets them. */
export const KIOSK_COUNTDOWN_MS = 15_000;

/** Crockford's base 32 (no I, L, O, U): eight characters, shown as two groups of four. */
const ENROLMENT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const enrolmentCodeFrom = (bytes: Uint8Array): string => Array.from(bytes.slice(0, 8), (b) => ENROLMENT_ALPHABET[b % 32]).join('');
export const formatEnrolmentCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** An enrolment code as typed: case, spaces and dashes do not matter; O, I and L read as 0 and 1. */
export function parseEnrolmentCode(text: string): string | null {
  const code = text.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/.test(code) ? code : null;
}

export const EnrolmentCodeSchema = v.pipe(
  v.string('field_enrolment_code'),
  v.check((text) => parseEnrolmentCode(text) !== null, 'field_enrolment_code'),
  v.transform((text) => parseEnrolmentCode(text)!),
);

export const NewEnrolmentSchema = v.object({ name: TrimmedText(1, 60, 'field_kiosk_name') });
export const EnrolSchema = v.object({ code: EnrolmentCodeSchema });
export const KioskCheckinSchema = v.object({ id: IdSchema('field_checkin_id') });

/** How many queued check-ins a kiosk sends at once (a busy afternoon with no connection). */
export const MAX_QUEUED_CHECKINS = 500;
/**
 * How many uploads of queued check-ins a kiosk may make in the 15 minutes sign-in attempts are counted
 * over (it sends when back online, then once a minute while some wait).
 */
export const MAX_UPLOADS_PER_WINDOW = 25;

/**
 * Check-ins a kiosk saw while the hub's connection was down: "this card checked in here at this time",
 * sent with the kiosk's credential when the connection is back. The server judges each one.
 */
export const QueuedCheckinsSchema = v.object({
  checkins: v.pipe(
    v.array(
      v.object({
        id: IdSchema('field_checkin_id'),
        card: CardSchema,
        at: v.pipe(
          v.string('field_checkin_at'),
          v.isoTimestamp('field_checkin_at'),
          // Some forms valibot accepts ("+05" offsets) are no date to JavaScript.
          v.check((text) => !Number.isNaN(Date.parse(text)), 'field_checkin_at'),
        ),
      }),
      'field_checkins',
    ),
    v.minLength(1, 'field_checkins'),
    v.maxLength(MAX_QUEUED_CHECKINS, 'field_checkins'),
  ),
});
export type QueuedCheckin = v.InferOutput<typeof QueuedCheckinsSchema>['checkins'][number];
/** What became of one queued check-in: recorded, or refused and why (in the kiosk's language). */
export type QueuedCheckinResult = { id: string; ok: true } | { id: string; ok: false; code: string; message: string };

/** An enrolled kiosk as its hub's operators see it. */
export type KioskView = { id: string; name: string; enrolledAt: string; lastSeenAt: string; revokedAt: string | null };

/** What the operator's page shows once, to type on the device (or scan): the code and until when it works. */
export type EnrolmentView = { code: string; expiresAt: string };

/**
 * What the kiosk shows while nobody is signed in: its hub's public page (hours, today's events, what is
 * near) and the place whose check-in code rotates on its screen (with the secret that makes the codes).
 */
export type KioskHome = {
  kiosk: { id: string; name: string; language: string };
  /** The server's public keys, to check a card's QR with no network. */
  keys: { id: string; publicKey: string }[];
  /** Cards that no longer work (ended in the last weeks), refused even with no network. */
  endedCards: { ids: string[]; numbers: string[] };
  page: HubPage;
  place: StaffPlace | null;
  /** Who is signed in on this kiosk now, if anyone (never someone signed in another way in the same browser). */
  person: Me | null;
};
