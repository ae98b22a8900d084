import * as messages from './paraglide/messages.js';
import type { Locale } from '../locale';
import type { ErrorCode } from '../errors';

type MessageFn = (inputs?: Record<string, unknown>, options?: { locale?: Locale }) => string;
const byKey = messages as unknown as Record<string, MessageFn | undefined>;

/** A message by its key, in the given language; the key itself when no such message exists. */
export function translate(key: string, locale: Locale, inputs: Record<string, unknown> = {}): string {
  const message = byKey[key];
  return message ? message(inputs, { locale }) : key;
}

export function hasMessage(key: string): boolean {
  return typeof byKey[key] === 'function';
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return translate(`error_${code}`, locale);
}
