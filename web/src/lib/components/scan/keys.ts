import { fromBase64Url } from '$shared/booking-code';

const KEY = 'wishmi.bookingKeys';
type Keys = Record<string, string>;

function stored(): Keys {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Keys;
  } catch {
    return {};
  }
}

/** The server's public keys for booking codes, as this device last fetched them (so it checks codes offline). */
export function knownKey(id: string): Uint8Array | null {
  const key = stored()[id];
  return key ? fromBase64Url(key) : null;
}

/** Fetches the public keys when there is a network; keeps the last ones otherwise. */
export async function refreshKeys(): Promise<void> {
  try {
    const res = await fetch('/api/keys/booking-codes', { credentials: 'same-origin' });
    if (!res.ok) return;
    const { keys } = (await res.json()) as { keys: { id: string; publicKey: string }[] };
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(keys.map((k) => [k.id, k.publicKey]))));
  } catch {
    // Offline: the keys already on the device check codes.
  }
}

const SCANNED = 'wishmi.scannedBookings';

/** Bookings this phone has recorded (kept for a month), so a code shown twice offline is caught here. */
export function scannedHere(bookingId: string): boolean {
  return bookingId in scanned();
}

export function rememberScanned(bookingId: string): void {
  const monthAgo = Date.now() - 31 * 86_400_000;
  const kept = Object.fromEntries(Object.entries(scanned()).filter(([, at]) => at > monthAgo));
  kept[bookingId] = Date.now();
  try {
    localStorage.setItem(SCANNED, JSON.stringify(kept));
  } catch {
    // Storage full: the server still refuses a second use.
  }
}

function scanned(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(SCANNED) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}
