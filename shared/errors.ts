/**
 * Every error the API can answer with. Each code has a message in every language
 * (message key `error_<code>`), so a client shows the server's text or its own.
 */
export const ERROR_CODES = [
  'bad_json',
  'validation_failed',
  'json_required',
  'payload_too_large',
  'not_found',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'csrf_rejected',
  'invalid_credentials',
  'too_many_attempts',
  'email_taken',
  'minor_not_found',
  'minor_not_born',
  'minor_too_old',
  'minor_too_young_for_sign_in',
  'minor_has_sign_in',
  'minor_exists',
  'transfer_refused',
  'sync_client_not_yours',
  'sync_seq_gap',
  'sync_seq_reused',
  'mutation_unknown',
  'mutation_invalid',
  'deadline_passed',
  'session_not_found',
  'session_full',
  'session_started',
  'offer_unavailable',
  'booking_age',
  'booking_exists',
  'booking_not_found',
  'booking_not_cancellable',
  'cancel_deadline_passed',
  'booking_code_invalid',
  'booking_other_provider',
  'booking_cancelled',
  'booking_already_redeemed',
  'booking_expired',
  'booking_amount',
  'booking_too_early',
  'statement_changed',
  'provider_not_accredited',
  'provider_not_editable',
  'provider_status_changed',
  'decision_not_allowed',
  'offer_changed',
  'call_not_found',
  'call_not_open',
  'call_closed',
  'call_window_open',
  'call_wrong_status',
  'call_budget_insufficient',
  'call_deadline_not_passed',
  'application_exists',
  'application_not_found',
  'application_not_reviewable',
  'voucher_in_use',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field: its dotted path, and the message key saying what is wrong with it. */
export type FieldError = { path: string; code: string; message: string };

export type ApiErrorBody = {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
};
