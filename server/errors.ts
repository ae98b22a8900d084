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

/**
 * The one way a service says no: an expected failure is a value with its code (and, for a limit, when
 * to try again), never an exception. Routes turn it into an AppError with `unwrap`; the sync push
 * records it as the mutation's refusal. Exceptions are for bugs and outages.
 */
export type Refusal<C extends ErrorCode = ErrorCode> = { ok: false; code: C; retryAfterSeconds?: number };
export type Result<T = object, C extends ErrorCode = ErrorCode> = ({ ok: true } & T) | Refusal<C>;

export const refuse = <C extends ErrorCode>(code: C): Refusal<C> => ({ ok: false, code });

/**
 * Thrown inside a transaction to roll it back when the work must stop with a refusal (several steps
 * in, with writes to undo); `refusing` turns it back into a value where the transaction began.
 */
export class Refused extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
    this.name = 'Refused';
  }
}

export async function refusing<T, C extends ErrorCode>(work: () => Promise<T>): Promise<Result<T, C>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (error instanceof Refused) return refuse(error.code as C);
    throw error;
  }
}

export function unwrap<T, C extends ErrorCode>(result: Result<T, C>): T {
  if (!result.ok) throw new AppError(result.code, undefined, result.retryAfterSeconds);
  return result;
}
