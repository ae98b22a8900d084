import type { Me } from '$shared/account';
import type { Household, Minor } from '$shared/household';
import type { Mutation, MutationArgs } from '$shared/sync';
import type { Booking } from '$shared/booking';
import type { CatalogueOffer, CatalogueSession } from '$shared/catalogue';
import type { FamilyCall, MyApplication } from '$shared/calls';

/** A minor the device has added but the server has not confirmed yet. */
export type ShownMinor = Minor & { pending?: boolean };
export type ShownHousehold = Omit<Household, 'minors'> & { minors: ShownMinor[] };

/**
 * What the person sees: the confirmed state with their waiting changes applied on top, in order.
 * A change the server refuses leaves the outbox, and so leaves the screen.
 */
export function showMe(me: Me | undefined, pending: Mutation[]): Me | undefined {
  if (!me) return me;
  return pending.reduce((shown, mutation) => {
    if (mutation.name !== 'profile.update') return shown;
    const args = mutation.args as MutationArgs<'profile.update'>;
    return { ...shown, ...(args.name !== undefined ? { name: args.name } : {}), ...(args.language !== undefined ? { language: args.language } : {}) };
  }, me);
}

export function showHousehold(household: Household | undefined, pending: Mutation[]): ShownHousehold | undefined {
  if (!household) return household;
  return pending.reduce<ShownHousehold>((shown, mutation) => {
    if (mutation.name !== 'household.addMinor') return shown;
    const args = mutation.args as MutationArgs<'household.addMinor'>;
    if (shown.minors.some((minor) => minor.id === args.id)) return shown;
    return { ...shown, minors: [...shown.minors, { id: args.id, name: args.name, birthDate: args.birthDate, disability: args.disability, email: null, pending: true }] };
  }, household);
}

/** A booking as shown: confirmed by the server, or still waiting in the outbox (to be made, or cancelled). */
export type ShownBooking = Booking & { waiting?: 'booking' | 'cancelling' };

/** What a waiting booking can be shown with before the server answers: its session, from the catalogue copy. */
export type SessionLookup = (sessionId: string) => { offer: CatalogueOffer; session: CatalogueSession } | undefined;

/**
 * The household's bookings with the waiting ones on top: a booking made offline shows as waiting to
 * be confirmed (the server decides the seat and the voucher's share), a cancellation as cancelling.
 */
export function showBookings(bookings: Booking[] | undefined, pending: Mutation[], lookup: SessionLookup, minorName: (id: string) => string): ShownBooking[] {
  let shown: ShownBooking[] = [...(bookings ?? [])];
  for (const mutation of pending) {
    if (mutation.name === 'booking.create') {
      const args = mutation.args as MutationArgs<'booking.create'>;
      if (shown.some((b) => b.id === args.id)) continue;
      const found = lookup(args.sessionId);
      shown = [
        {
          id: args.id, status: 'confirmed', waiting: 'booking', offerId: found?.offer.id ?? '', offerVersion: found?.offer.version ?? 0, title: found?.offer.title ?? {},
          providerName: found?.offer.providerName ?? '', address: found?.offer.address ?? '', sessionId: args.sessionId, startsAt: found?.session.startsAt ?? mutation.clientTime,
          endsAt: found?.session.endsAt ?? mutation.clientTime, minorId: args.minorId, minorName: minorName(args.minorId), priceCents: found?.offer.priceCents ?? 0,
          // Not known until the server decides: shown as waiting, never as a sum.
          voucherCents: 0, familyCents: 0, cancelUntil: found?.session.startsAt ?? mutation.clientTime, createdAt: mutation.clientTime, code: null, cancelReason: null,
        },
        ...shown,
      ];
    } else if (mutation.name === 'booking.cancel') {
      const args = mutation.args as MutationArgs<'booking.cancel'>;
      shown = shown.map((b) => (b.id === args.id ? { ...b, waiting: 'cancelling' } : b));
    }
  }
  return shown;
}

/** A household's application as shown: confirmed by the server, or still waiting to be sent (made, or declined). */
export type ShownApplication = MyApplication & { waiting?: 'applying' | 'declining' };
export type ShownCall = Omit<FamilyCall, 'application'> & { application: ShownApplication | null };

/**
 * The calls with the household's waiting changes on top: an application made offline shows as
 * submitted and waiting to be sent (only the server decides eligibility, rank and amount), a
 * voucher being declined as declining. The server's application, once it has one, is the truth.
 */
export function showCalls(calls: FamilyCall[], pending: Mutation[]): ShownCall[] {
  let shown: ShownCall[] = calls;
  for (const mutation of pending) {
    if (mutation.name === 'call.apply') {
      const args = mutation.args as MutationArgs<'call.apply'>;
      shown = shown.map((call) =>
        call.id !== args.callId || call.application
          ? call
          : {
              ...call,
              application: {
                id: args.id, callId: args.callId, code: '', status: 'submitted', exclusion: null, note: '', submittedAt: mutation.clientTime, iseeCents: args.iseeCents,
                dsu: args.dsu, singleParent: args.singleParent, disabledAdults: args.disabledAdults, rank: null, points: null, amountCents: null, waitingPosition: null,
                voucher: null, waiting: 'applying',
              },
            },
      );
    } else if (mutation.name === 'call.decline') {
      const args = mutation.args as MutationArgs<'call.decline'>;
      shown = shown.map((call) => (call.application?.id === args.applicationId ? { ...call, application: { ...call.application, waiting: 'declining' } } : call));
    }
  }
  return shown;
}
