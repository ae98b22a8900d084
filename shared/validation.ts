import * as v from 'valibot';
import type { BaseIssue } from 'valibot';

/** Text as typed, without the spaces around it, from `min` to `max` characters; `message` names the field in errors. */
export const TrimmedText = (min: number, max: number, message: string) =>
  v.pipe(v.string(message), v.trim(), v.minLength(min, message), v.maxLength(max, message));

/** An id as the app makes them (UUID), lower-cased; `message` names the field in errors. */
export const IdSchema = (message: string) => v.pipe(v.string(message), v.uuid(message), v.toLowerCase());

/**
 * A valibot issue as a field error: its dotted path and a message key. A missing key reports the
 * enclosing object's message, so it is named `field_required` instead; a body that is not even
 * an object is `field_body`.
 */
export function issueToField(issue: BaseIssue<unknown>): { path: string; code: string } {
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  if (!path) return { path, code: 'field_body' };
  if (issue.kind === 'schema' && issue.input === undefined) return { path, code: 'field_required' };
  return { path, code: issue.message };
}
