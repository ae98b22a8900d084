import * as v from 'valibot';
import { IdSchema } from './validation';
import type { Text } from './catalogue';
import { defineMutations } from './mutation';

export const BookingStatus = ['confirmed', 'cancelled', 'redeemed'] as const;
export type BookingStatus = (typeof BookingStatus)[number];

/** Who ended a cancelled booking: the family, or the city stopping its provider, or the provider's session. */
export const CANCEL_REASONS = ['family', 'provider_suspended', 'provider_revoked', 'session_cancelled'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** A booking as the household sees it: what, when, for whom, and who pays what. */
export type Booking = {
  id: string;
  status: BookingStatus;
  offerId: string;
  offerVersion: number;
  title: Text;
  providerName: string;
  address: string;
  sessionId: string;
  startsAt: string;
  endsAt: string;
  minorId: string;
  minorName: string;
  priceCents: number;
  /** Paid by the household voucher (held until the provider redeems it). */
  voucherCents: number;
  /** Paid by the family to the provider (nothing for a seat paid in credits). */
  familyCents: number;
  /** Credits a youth paid for their own seat instead of euros (held until the provider scans it). */
  credits?: number;
  /** Until when the family may cancel and get the voucher's share back. */
  cancelUntil: string;
  createdAt: string;
  /** The signed code to show at the activity (QR), once the server has confirmed the booking. */
  code: string | null;
  /** Why a cancelled booking was cancelled (null while it stands). */
  cancelReason: CancelReason | null;
};

export const BookSchema = v.object({
  /** Chosen by the device: the booking is known by it before the server has seen it. */
  id: IdSchema('field_booking_id'),
  sessionId: IdSchema('field_session_id'),
  minorId: IdSchema('field_minor_id'),
  /** A youth booking their own seat may pay its credit price instead (when the provider takes credits). */
  payWith: v.optional(v.picklist(['voucher', 'credits'], 'field_pay_with')),
});
export const CancelBookingSchema = v.object({ id: IdSchema('field_booking_id') });
export const RedeemSchema = v.object({
  /** The code as scanned or typed. */
  code: v.pipe(v.string('field_booking_code'), v.minLength(1, 'field_booking_code'), v.maxLength(2000, 'field_booking_code')),
  /** Less than the voucher's share when the child came to fewer sessions than booked (a partial post). */
  amountCents: v.optional(v.pipe(v.number('field_amount'), v.integer('field_amount'), v.minValue(0, 'field_amount'))),
});

/**
 * What the voucher pays of a price: all of it if it can, else what is left on it; nothing when the
 * provider does not take vouchers. The rest is the family's (partial coverage).
 */
export function voucherShare(priceCents: number, availableCents: number, voucherAccepted: boolean): number {
  if (!voucherAccepted || priceCents <= 0) return 0;
  return Math.max(0, Math.min(priceCents, availableCents));
}

/** The last moment a booking may be cancelled: `hours` before the session starts. */
export function cancelDeadline(startsAt: string | Date, hours: number): Date {
  return new Date(new Date(startsAt).getTime() - hours * 3_600_000);
}

/** Booking, cancelling and redeeming: a family's and a provider's offline actions. */
export const BOOKING_MUTATIONS = defineMutations({
  'booking.create': {
    args: BookSchema,
    version: 1,
    roles: ['guardian', 'youth'],
    label: 'mutation_booking_create',
    refusals: [
      'session_not_found',
      'session_full',
      'session_started',
      'offer_unavailable',
      'booking_age',
      'booking_exists',
      'minor_not_found',
      'provider_not_accredited',
      'credits_not_accepted',
      'credits_insufficient',
      'deadline_passed',
    ],
    changes: ['bookings'],
  },
  'booking.cancel': {
    args: CancelBookingSchema,
    version: 1,
    roles: ['guardian', 'youth'],
    label: 'mutation_booking_cancel',
    refusals: ['booking_not_found', 'booking_not_cancellable', 'cancel_deadline_passed'],
    changes: ['bookings'],
  },
  'booking.redeem': {
    args: RedeemSchema,
    version: 1,
    roles: ['provider'],
    label: 'mutation_booking_redeem',
    refusals: [
      'booking_code_invalid',
      'booking_not_found',
      'booking_other_provider',
      'booking_cancelled',
      'booking_already_redeemed',
      'booking_expired',
      'booking_amount',
      'booking_too_early',
      'provider_not_accredited',
    ],
    changes: ['bookings'],
  },
});
