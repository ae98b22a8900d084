import { fromBase64Url } from '$shared/booking-code';
import { CHECKIN_WINDOW_MS, checkinDigits, windowOf, type CheckinCode, type CheckinPurpose, type StaffPlace } from '$shared/checkin';

/** What a staff device keeps to show its places' codes with no network, and when it fetched them. */
export type KeptPlaces = { places: StaffPlace[]; fetchedAt: string };
export const KEPT_PLACES = 'checkin-places';
/** The place and purpose last shown on this device: a kiosk switched back on shows the same code. */
export type KeptChoice = { placeId: string; purpose: CheckinPurpose };
export const KEPT_CHOICE = 'checkin-choice';

/** The window a moment falls in, and how long its code has left before the next one. */
export function windowAt(nowMs: number): { window: number; msLeft: number } {
  const window = windowOf(nowMs);
  return { window, msLeft: (window + 1) * CHECKIN_WINDOW_MS - nowMs };
}

/** What a place may show codes for: a hub also for its micro-project meetings. */
export const purposesOf = (place: Pick<StaffPlace, 'kind'>): CheckinPurpose[] => (place.kind === 'hub' ? ['visit', 'project'] : ['visit']);

/** The code a place shows in a window for a purpose, made on this device from the place's secret. */
export async function codeFor(place: StaffPlace, purpose: CheckinPurpose, window: number): Promise<CheckinCode> {
  const secret = fromBase64Url(place.secret);
  if (!secret) throw new Error(`The secret kept for place ${place.code} is not base64url.`);
  return { place: place.code, digits: await checkinDigits(secret, place.code, purpose, window) };
}
