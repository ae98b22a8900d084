import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERRORS, type ErrorCode, type FieldError } from '$shared/errors';

/** The HTTP status of each error code (declared with the code, in shared/errors.ts). */
export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = ERRORS;

/** An expected failure the client should be told about, with its code and, for bad input, the fields. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: Omit<FieldError, 'message'>[],
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** Services answer expected failures as values; routes turn a failure into an AppError with this. */
export type Result<T, C extends ErrorCode = ErrorCode> = ({ ok: true } & T) | { ok: false; code: C; retryAfterSeconds?: number };

export function unwrap<T, C extends ErrorCode>(result: Result<T, C>): T {
  if (!result.ok) throw new AppError(result.code, undefined, result.retryAfterSeconds);
  return result;
}
