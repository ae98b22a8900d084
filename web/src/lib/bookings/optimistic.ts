import type { Booking } from '$shared/booking';
import type { CatalogueOffer, CatalogueSession } from '$shared/catalogue';
import type { MutationArgs } from '$shared/sync';
import { same, type EntityView, type Step } from '$lib/sync/view';

/** A booking as shown: confirmed by the server, or still waiting in the outbox (to be made, or cancelled). */
export type ShownBooking = Booking & { waiting?: 'booking' | 'cancelling' };

/** What a waiting booking can be shown with before the server answers: its session, from the catalogue copy. */
export type SessionLookup = (sessionId: string) => { offer: CatalogueOffer; session: CatalogueSession } | undefined;
/** What the page supplies: the catalogue copy, and the household's children's names. */
export type BookingsContext = { lookup: SessionLookup; minorName: (id: string) => string };

/** The household's bookings; a booking made before the first sync shows all the same. */
export const bookingsView: EntityView<Booking[], ShownBooking[], ShownBooking[], BookingsContext> = {
  start: (bookings) => [...(bookings ?? [])],
  finish: same,
};

/** A booking made offline shows as waiting to be confirmed: the server decides the seat and the voucher's share. */
const book: Step<ShownBooking[], MutationArgs<'booking.create'>, BookingsContext> = (shown, args, mutation, { lookup, minorName }) => {
  if (shown.some((b) => b.id === args.id)) return shown;
  const found = lookup(args.sessionId);
  return [
    {
      id: args.id,
      status: 'confirmed',
      waiting: 'booking',
      offerId: found?.offer.id ?? '',
      offerVersion: found?.offer.version ?? 0,
      title: found?.offer.title ?? {},
      providerName: found?.offer.providerName ?? '',
      address: found?.offer.address ?? '',
      sessionId: args.sessionId,
      startsAt: found?.session.startsAt ?? mutation.clientTime,
      endsAt: found?.session.endsAt ?? mutation.clientTime,
      minorId: args.minorId,
      minorName: minorName(args.minorId),
      priceCents: found?.offer.priceCents ?? 0,
      // Not known until the server decides: shown as waiting, never as a sum.
      voucherCents: 0,
      familyCents: 0,
      cancelUntil: found?.session.startsAt ?? mutation.clientTime,
      createdAt: mutation.clientTime,
      code: null,
      cancelReason: null,
    },
    ...shown,
  ];
};

/** A cancellation made offline shows as cancelling. */
const cancel: Step<ShownBooking[], MutationArgs<'booking.cancel'>, BookingsContext> = (shown, args) =>
  shown.map((b) => (b.id === args.id ? { ...b, waiting: 'cancelling' } : b));

export const bookingViews = { bookings: bookingsView };

export const bookingSteps = {
  'booking.create': { bookings: book },
  'booking.cancel': { bookings: cancel },
  // A provider's redemption changes nothing its own device shows: the scan page lists what waits.
  'booking.redeem': {},
};
