import * as v from 'valibot';
import { TRANSFER_CODES } from './ledger';

/** A page cursor or size from a query string: digits only, as a number. */
const Count = (key: string, max: number) =>
  v.pipe(v.string(key), v.regex(/^\d{1,15}$/, key), v.transform(Number), v.minValue(1, key), v.maxValue(max, key));

export const HistoryQuerySchema = v.object({
  before: v.optional(Count('field_cursor', Number.MAX_SAFE_INTEGER)),
  limit: v.optional(Count('field_limit', 100)),
});

export const TransferSearchSchema = v.object({
  ...HistoryQuerySchema.entries,
  code: v.optional(v.picklist(TRANSFER_CODES, 'field_transfer_code')),
  account: v.optional(v.pipe(v.string('field_account'), v.uuid('field_account'), v.toLowerCase())),
  ref: v.optional(v.pipe(v.string('field_ref'), v.trim(), v.minLength(1, 'field_ref'), v.maxLength(100, 'field_ref'))),
});

/** Money the city puts into the programme budget: whole cents, at most 100 million euros at once. */
export const FundSchema = v.object({
  id: v.pipe(v.string('field_transfer_id'), v.uuid('field_transfer_id'), v.toLowerCase()),
  amount: v.pipe(
    v.number('field_amount'),
    v.safeInteger('field_amount'),
    v.minValue(1, 'field_amount'),
    v.maxValue(10_000_000_000, 'field_amount'),
  ),
});
