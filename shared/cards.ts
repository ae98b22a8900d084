// Person cards: a credit-card-sized sheet with a QR and a short number, and a PIN the person chose. The
// QR holds only a signed opaque id (no name, no birth date); the number is for typing when no camera
// can read it. A card signs its person in at a hub's kiosk, or on any phone.
//   QR: WMP1.<card id, base64url>.<signing key id, base64url>.<Ed25519 signature, base64url>
import * as v from 'valibot';
import { fromBase64Url, toBase64Url } from './booking-code';
import { IdSchema } from './validation';
import { EmailSchema } from './account';

export const CARD_QR_PREFIX = 'WMP1';
/** Twelve digits, shown in three groups of four; the last is a Luhn check digit, so a slip of one digit is caught before asking the server. */
export const CARD_NUMBER_DIGITS = 12;
/** Wrong PINs one card may take in the window before it waits; the kiosk serves everyone else meanwhile. */
export const MAX_PIN_FAILURES_PER_CARD = 5;
/** Wrong PINs one kiosk (or one network address) may send in the window, whichever cards they name. */
export const MAX_PIN_FAILURES_PER_KIOSK = 20;
/** How long a session opened at a kiosk lasts at most; "done", or a minute and a quarter without a touch, ends it sooner. */
export const KIOSK_SESSION_MS = 30 * 60_000;
/** The youngest a person may be to hold a card (the programme is for 11-18); 11-13 play with a card only, with consent. */
export const CARD_MIN_AGE = 11;

/** The Luhn check digit of a string of digits. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A card number as typed ("4821 7730 1956", "4821-7730-1956"): its twelve digits, or null when it cannot be one. */
export function parseCardNumber(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(digits)) return null;
  return luhnDigit(digits.slice(0, -1)) === digits.slice(-1) ? digits : null;
}

/** Twelve digits with a valid check digit, from eleven random ones. */
export function cardNumberFrom(elevenDigits: string): string {
  return elevenDigits + luhnDigit(elevenDigits);
}

/** As printed and shown: three groups of four. */
export const formatCardNumber = (number: string): string => number.replace(/(\d{4})(?=\d)/g, '$1 ');

export type CardQr = { cardId: string; keyId: string; signed: string; signature: Uint8Array };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuidBytes = (id: string): Uint8Array =>
  Uint8Array.from(
    id
      .replace(/-/g, '')
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
const uuidOf = (bytes: Uint8Array): string => {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The part of a card's QR that is signed: the prefix, the card and the key that signs it. */
export function cardQrSigned(cardId: string, keyId: string): string {
  return `${CARD_QR_PREFIX}.${toBase64Url(uuidBytes(cardId))}.${toBase64Url(uuidBytes(keyId))}`;
}

export const cardQrText = (signed: string, signature: Uint8Array): string => `${signed}.${toBase64Url(signature)}`;

/** Reads a scanned card QR; null when the text is not one at all (its signature is checked by whoever trusts it). */
export function parseCardQr(text: string): CardQr | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts[0] !== CARD_QR_PREFIX) return null;
  const [card, key, signature] = parts.slice(1).map(fromBase64Url);
  if (!card || !key || !signature || card.length !== 16 || key.length !== 16 || signature.length !== 64) return null;
  const cardId = uuidOf(card);
  const keyId = uuidOf(key);
  if (!UUID.test(cardId) || !UUID.test(keyId)) return null;
  return { cardId, keyId, signed: parts.slice(0, 3).join('.'), signature };
}

/** What a person hands over: the card's QR as scanned, or its number as typed. */
export type CardRef = { kind: 'qr'; qr: CardQr } | { kind: 'number'; number: string };

export function readCard(text: string): CardRef | null {
  const qr = parseCardQr(text);
  if (qr) return { kind: 'qr', qr };
  const number = parseCardNumber(text);
  return number ? { kind: 'number', number } : null;
}

export const PinSchema = v.pipe(v.string('field_pin'), v.regex(/^\d{4,6}$/, 'field_pin'));

export const CardSchema = v.pipe(
  v.string('field_card'),
  v.trim(),
  v.maxLength(200, 'field_card'),
  v.check((text) => readCard(text) !== null, 'field_card'),
);

export const CardSignInSchema = v.object({ card: CardSchema, pin: PinSchema });
export type CardSignInInput = v.InferOutput<typeof CardSignInSchema>;

/**
 * A guardian issues a card for themselves (`person: 'me'`) or for a child of the household, and sets
 * its first PIN (a child's first PIN is set with the guardian). `hubId`: the hub the card carries.
 */
export const IssueCardSchema = v.object({
  person: v.union([v.literal('me'), IdSchema('field_card_person')], 'field_card_person'),
  hubId: IdSchema('field_hub'),
  pin: PinSchema,
});
export type IssueCardInput = v.InferOutput<typeof IssueCardSchema>;

/**
 * A hub operator issues a card at the desk: the family found by its guardian's email, the person
 * ('guardian', or a child by id), the PIN the person types, and the operator's word that they checked
 * who the person is (and, for a child, the guardian with them).
 */
export const DeskCardSchema = v.object({
  email: EmailSchema,
  person: v.union([v.literal('guardian'), IdSchema('field_card_person')], 'field_card_person'),
  pin: PinSchema,
  identityChecked: v.literal(true, 'field_identity_checked'),
});
export type DeskCardInput = v.InferOutput<typeof DeskCardSchema>;
export const FamilyQuerySchema = v.object({ email: EmailSchema });

/** A family at the hub's desk: who may hold a card, and the cards they hold. */
export type DeskFamily = {
  guardian: { name: string; language: string };
  /** `card`: the last four digits of the card the person holds, if any. */
  people: { person: 'guardian' | string; name: string; mayHold: boolean; card: string | null }[];
};

export const END_REASONS = ['lost', 'revoked'] as const;
export const EndCardSchema = v.object({ reason: v.picklist(END_REASONS, 'field_card_end_reason') });
export const ChangePinSchema = v.object({ pin: PinSchema });

/** A card as the household sees it: its number, the hub it carries, the QR text to print, and whether it works. */
export type CardView = {
  id: string;
  userId: string;
  /** Whose card it is: the guardian's own, or a child's (by minor id). */
  minorId: string | null;
  holder: string;
  number: string;
  hub: { id: string; name: string };
  qr: string;
  issuedAt: string;
  ended: { at: string; reason: 'lost' | 'revoked' | 'replaced' } | null;
};

/** Whether a child of this age may hold a card: from 11 while still a minor. */
export const mayHoldCard = (age: number): boolean => age >= CARD_MIN_AGE && age <= 17;

const encoder = new TextEncoder();

/** Checks a card QR's signature against one of the server's public keys (raw 32 bytes), with Web Crypto: works offline. */
export async function verifyCardQr(qr: CardQr, publicKey: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, qr.signature as BufferSource, encoder.encode(qr.signed) as BufferSource);
}
