import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, FieldError } from '$shared/errors';

/** The HTTP status of each error code, in one place. */
export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_json: 400,
  validation_failed: 400,
  json_required: 415,
  payload_too_large: 413,
  not_found: 404,
  unauthenticated: 401,
  session_expired: 401,
  forbidden: 403,
  csrf_rejected: 403,
  invalid_credentials: 401,
  too_many_attempts: 429,
  email_taken: 409,
  minor_not_found: 404,
  minor_not_born: 400,
  minor_too_old: 400,
  minor_too_young_for_sign_in: 409,
  minor_has_sign_in: 409,
  minor_exists: 409,
  transfer_refused: 409,
  sync_client_not_yours: 403,
  sync_seq_gap: 409,
  sync_seq_reused: 409,
  mutation_unknown: 400,
  mutation_invalid: 400,
  deadline_passed: 409,
  session_not_found: 404,
  session_full: 409,
  session_started: 409,
  offer_unavailable: 409,
  booking_age: 400,
  booking_exists: 409,
  booking_not_found: 404,
  booking_not_cancellable: 409,
  cancel_deadline_passed: 409,
  booking_code_invalid: 400,
  booking_other_provider: 403,
  booking_cancelled: 409,
  booking_already_redeemed: 409,
  booking_expired: 409,
  booking_amount: 400,
  booking_too_early: 409,
  statement_changed: 409,
  provider_not_accredited: 403,
  provider_not_editable: 409,
  provider_status_changed: 409,
  decision_not_allowed: 409,
  offer_changed: 409,
  call_not_found: 404,
  call_not_open: 409,
  call_closed: 409,
  call_window_open: 409,
  call_wrong_status: 409,
  call_budget_insufficient: 409,
  call_deadline_not_passed: 409,
  application_exists: 409,
  application_not_found: 404,
  application_not_reviewable: 409,
  voucher_in_use: 409,
  checkin_code_invalid: 400,
  checkin_code_expired: 410,
  checkin_backdated: 409,
  checkin_too_late: 410,
  checkin_future: 400,
  checkin_already: 409,
  mission_not_found: 404,
  mission_closed: 409,
  poll_answered: 409,
  pseudonym_taken: 409,
  hub_not_found: 404,
  youth_not_found: 404,
  badge_not_earned: 404,
  credential_unknown_key: 400,
  credential_malformed: 400,
  credential_signature: 400,
  credits_not_accepted: 409,
  credits_insufficient: 409,
  opportunity_not_found: 404,
  opportunity_not_pending: 409,
  opportunity_own: 409,
  opportunity_full: 409,
  opportunity_taken_already: 409,
  take_not_found: 404,
  take_ended: 409,
  take_expired: 410,
  unavailable: 503,
  internal: 500,
};

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
