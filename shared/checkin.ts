// Check-ins: the short-lived code a place's device shows and a youth scans (offline too), and the
// rules the server judges a scanned code by.
import * as v from 'valibot';
import type { Category } from './category';
import { IdSchema } from './validation';

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

const hmacKey = (secret: Uint8Array) =>
  crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

/** The six digits a place shows in a window for a purpose (HMAC-SHA256, truncated as HOTP does). */
export async function checkinDigits(
  secret: Uint8Array | CryptoKey,
  place: string,
  purpose: CheckinPurpose,
  window: number,
): Promise<string> {
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

export type CodeVerdict =
  { ok: true; purpose: CheckinPurpose; window: number } | { ok: false; code: 'checkin_code_expired' | 'checkin_code_invalid' };

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
 * Whether a check-in's (or a poll answer's) claimed time can be believed: not ahead of the
 * server, not older than the device's last confirmed sync (no backdating), and not older than the late limit.
 */
export function checkinTimeProblem(rule: {
  clientTime: Date;
  receivedAt: Date;
  lastSyncedAt: Date | null;
}): 'checkin_backdated' | 'checkin_too_late' | 'checkin_future' | null {
  const { clientTime, receivedAt, lastSyncedAt } = rule;
  if (clientTime.getTime() > receivedAt.getTime() + CHECKIN_CLOCK_SKEW_MS) return 'checkin_future';
  if (receivedAt.getTime() - clientTime.getTime() > CHECKIN_LATE_MS) return 'checkin_too_late';
  if (lastSyncedAt && clientTime.getTime() < lastSyncedAt.getTime()) return 'checkin_backdated';
  return null;
}

export const CheckinSchema = v.strictObject({
  id: IdSchema('field_checkin_id'),
  code: v.pipe(
    v.string('field_checkin_code'),
    v.maxLength(40, 'field_checkin_code'),
    v.check((text) => parseCheckinCode(text) !== null, 'field_checkin_code'),
  ),
});
export type CheckinInput = v.InferOutput<typeof CheckinSchema>;

/** A check-in place: a hub, or one activity of a provider. */
export type PlaceKind = 'hub' | 'offer';
export type PlaceRef = {
  code: string;
  kind: PlaceKind;
  name: string;
  hubId: string | null;
  offerId: string | null;
  category: Category | null;
};
/** What a staff device keeps to show a place's codes with no network. */
export type StaffPlace = PlaceRef & { id: string; secret: string };
