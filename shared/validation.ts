import * as v from 'valibot';
import type { BaseIssue } from 'valibot';

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
