// The booking code a family shows at the activity (as a QR code, or typed): what was booked, signed by
// the server with Ed25519, so a provider's device can check it with no network.
//   WM1.<payload, base64url JSON>.<signature, base64url>

export const BOOKING_CODE_PREFIX = 'WM1';

export type BookingCodePayload = {
  /** The booking. */
  b: string;
  /** The provider it is for: another provider's scanner refuses it. */
  p: string;
  /** The session, its start (ISO), and the child's first name, to check at the door. */
  s: string;
  t: string;
  n: string;
  /** What the voucher pays, in cents. */
  a: number;
  /** Credits the youth paid for the seat instead (absent when none): the family owes nothing. */
  c?: number;
  /** The signing key's id. */
  k: string;
};

export type ParsedBookingCode = { payload: BookingCodePayload; signed: string; signature: Uint8Array };

const encoder = new TextEncoder();

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The part of a code that is signed: the prefix and the payload. */
export function signedPart(payload: BookingCodePayload): string {
  return `${BOOKING_CODE_PREFIX}.${toBase64Url(encoder.encode(JSON.stringify(payload)))}`;
}

export function joinCode(signed: string, signature: Uint8Array): string {
  return `${signed}.${toBase64Url(signature)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a code as scanned or typed (spaces and line breaks ignored); null when it is not one at all. */
export function parseBookingCode(text: string): ParsedBookingCode | null {
  const parts = text.replace(/\s+/g, '').split('.');
  if (parts.length !== 3 || parts[0] !== BOOKING_CODE_PREFIX) return null;
  const json = fromBase64Url(parts[1]);
  const signature = fromBase64Url(parts[2]);
  if (!json || !signature || signature.length !== 64) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return null;
  }
  const p = payload as Partial<BookingCodePayload>;
  if (typeof p !== 'object' || p === null) return null;
  if (![p.b, p.p, p.s, p.k].every((id) => typeof id === 'string' && UUID.test(id))) return null;
  if (
    typeof p.t !== 'string' ||
    Number.isNaN(Date.parse(p.t)) ||
    typeof p.n !== 'string' ||
    !Number.isSafeInteger(p.a) ||
    (p.a as number) < 0
  )
    return null;
  if (p.c !== undefined && (!Number.isSafeInteger(p.c) || p.c <= 0)) return null;
  return { payload: p as BookingCodePayload, signed: `${parts[0]}.${parts[1]}`, signature };
}

/** Checks a code's signature against the server's public key (raw 32 bytes), with Web Crypto: works offline. */
export async function verifyBookingCode(code: ParsedBookingCode, publicKey: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, code.signature as BufferSource, encoder.encode(code.signed) as BufferSource);
}
