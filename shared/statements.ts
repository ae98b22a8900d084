import * as v from 'valibot';
import { IdSchema } from './validation';

/** A month of the programme's calendar (Milan time), "YYYY-MM". */
export const MonthSchema = v.pipe(v.string('field_month'), v.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'field_month'));

/** What the city owes a provider for a month: redeemed bookings, what it has paid, what is still due. */
export type Statement = {
  providerId: string;
  providerName: string;
  month: string;
  redeemedCents: number;
  paidCents: number;
  dueCents: number;
  redemptions: number;
};

export const CityStatementsQuerySchema = v.object({ month: MonthSchema });
export const PayStatementSchema = v.object({
  providerId: IdSchema('field_provider_id'),
  month: MonthSchema,
  /** What the city saw as due: if more was redeemed since, nothing is paid and the page shows the new sum. */
  dueCents: v.pipe(v.number('field_amount'), v.integer('field_amount'), v.minValue(1, 'field_amount')),
});

/** A CSV cell, quoted when it must be (and never read as a formula by a spreadsheet). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csv(rows: (string | number | null)[][]): string {
  // The byte-order mark lets spreadsheets read accented names as UTF-8.
  return '\ufeff' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
