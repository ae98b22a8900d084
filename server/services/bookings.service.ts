import type { Clock } from '../clock';
import { derivedId } from '../ids';
import * as store from '../store/bookings';
import { insertAccounts } from '../store/ledger';
import type { SessionUser } from './auth.service';
import type { LedgerService } from './ledger/ledger.service';
import { creditMintFor, providerAccounts, providerPayableId, youthCreditAccounts, youthCreditId } from './ledger/accounts';
import { spendableVouchers } from '../store/calls';
import { findMinor, isMinorsOwnUser } from '../store/households';
import { standingOf } from '../store/providers';
import { publicKeyOf } from '../store/signing-keys';
import { lateMutationAccepted } from '$shared/sync';
import type { InTransaction } from './sync/publish';
import { voucherShare, type Booking, type CancelReason } from '$shared/booking';
import { joinCode, parseBookingCode, signedPart, verifyBookingCode } from '$shared/booking-code';
import type { Signer } from './signing';
import { ageOn, isoDateIn } from '$shared/dates';
import type { Result } from '../errors';

/** How long after a session its provider may still redeem a booking (a scanner offline for days). */
export const REDEEM_DAYS = 7;
/** How long before a session its code may be scanned (families arrive early; never days before). */
export const REDEEM_EARLY_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Booking a session for a child: the server decides the seat and the voucher's share in
 * one transaction. The share is a ledger hold (household voucher → provider payable) that the
 * provider's scan posts, a cancellation voids, or that lapses some days after the session.
 */
export function createBookingsService(ledger: LedgerService, clock: Clock, signer: Signer) {
  return {
    async book(
      { tx, changes }: InTransaction,
      user: SessionUser,
      args: { id: string; sessionId: string; minorId: string; payWith?: 'voucher' | 'credits' },
      mutationId: string,
      when: { receivedAt: Date; clientTime: Date; lastSyncedAt: Date | null },
    ): Promise<Result> {
      if (!user.householdId) return { ok: false, code: 'forbidden' };
      const minor = await findMinor(tx, user.householdId, args.minorId);
      if (!minor) return { ok: false, code: 'minor_not_found' };
      // A youth books for themselves; their guardians book for anyone in the household.
      if (user.role === 'youth' && minor.userId !== user.id) return { ok: false, code: 'forbidden' };
      if (await store.bookingExists(tx, args.id)) return { ok: false, code: 'booking_exists' };

      await store.shareProviderOfSession(tx, args.sessionId);
      const session = await store.lockSession(tx, args.sessionId);
      if (!session) return { ok: false, code: 'session_not_found' };
      if (!session.bookable) return { ok: false, code: 'offer_unavailable' };
      const age = ageOn(minor.birthDate, isoDateIn(session.startsAt));
      if (age < session.ageMin || age > session.ageMax) return { ok: false, code: 'booking_age' };
      if (await store.childHasSeat(tx, session.sessionId, args.minorId)) return { ok: false, code: 'booking_exists' };
      if (session.seatsTaken >= session.capacity) return { ok: false, code: 'session_full' };

      const now = clock.now();
      const timeoutAt = new Date(session.endsAt.getTime() + REDEEM_DAYS * DAY_MS);
      // A youth's own seat paid in their credits: held like a voucher until the provider
      // scans it, then retired to the mint; credits never become money, so the family pays nothing.
      let credits = 0;
      let creditHoldId: string | null = null;
      if (args.payWith === 'credits') {
        if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
        if (session.creditPrice === null) return { ok: false, code: 'credits_not_accepted' };
        await insertAccounts(tx, youthCreditAccounts(user.id), now);
        creditHoldId = derivedId('booking-credit-hold', mutationId);
        credits = session.creditPrice;
        const [result] = await ledger.createTransfersIn(tx, [
          {
            id: creditHoldId,
            kind: 'pending',
            debitAccountId: youthCreditId(user.id),
            creditAccountId: creditMintFor(user.id),
            amount: credits,
            ledger: 'CREDIT',
            code: 'credit_spend',
            timeoutAt,
            createdBy: `user:${user.id}`,
            ref: { type: 'booking', id: args.id },
          },
        ]);
        if (result === 'insufficient_funds') return { ok: false, code: 'credits_insufficient' };
        if (result !== 'ok') throw new Error(`The credit hold for booking ${args.id} was refused: ${result}`);
      }
      // The voucher with the soonest deadline that still has money: past its spending deadline, only a
      // booking made offline before it, and received within the call's grace, may use it.
      const voucher =
        credits > 0
          ? undefined
          : (await spendableVouchers(tx, user.householdId, now)).find(
              (v) => v.available > 0 && lateMutationAccepted({ ...when, deadline: v.deadline, graceMs: v.graceMs }),
            )?.accountId;
      let voucherCents = voucher ? voucherShare(session.priceCents, await store.voucherAvailable(tx, voucher), session.voucherAccepted) : 0;
      let holdId: string | null = null;
      if (voucher && voucherCents > 0) {
        await insertAccounts(tx, providerAccounts(session.providerId), now);
        holdId = derivedId('booking-hold', mutationId);
        const hold = (amount: number) =>
          ledger.createTransfersIn(tx, [
            {
              id: holdId!,
              kind: 'pending',
              debitAccountId: voucher,
              creditAccountId: providerPayableId(session.providerId),
              amount,
              ledger: 'EUR',
              code: 'booking_hold',
              timeoutAt,
              createdBy: `user:${user.id}`,
              ref: { type: 'booking', id: args.id },
            },
          ]);
        let [result] = await hold(voucherCents);
        // Another booking of the household took part of the voucher meanwhile: the voucher pays what is left.
        if (result === 'insufficient_funds') {
          voucherCents = voucherShare(session.priceCents, await store.voucherAvailable(tx, voucher), session.voucherAccepted);
          [result] = voucherCents > 0 ? await hold(voucherCents) : ['ok'];
        }
        // A voucher past its spending deadline pays nothing: the family pays it all.
        if (result === 'deadline_passed') voucherCents = 0;
        else if (result !== 'ok') throw new Error(`The voucher hold for booking ${args.id} was refused: ${result}`);
        if (voucherCents === 0) holdId = null;
      }

      await store.takeSeat(tx, session.sessionId, 1);
      if (
        !(await store.insertBooking(tx, {
          id: args.id,
          session,
          householdId: user.householdId,
          minorId: args.minorId,
          bookedBy: user.id,
          voucherCents,
          holdId,
          credits,
          creditHoldId,
          now,
        }))
      ) {
        return { ok: false, code: 'booking_exists' };
      }
      // The code the family shows at the door: signed, so a provider's device can check it offline.
      const key = await signer.key(tx);
      const signed = signedPart({
        b: args.id,
        p: session.providerId,
        s: session.sessionId,
        t: session.startsAt.toISOString(),
        n: minor.name.split(' ')[0],
        a: voucherCents,
        ...(credits > 0 ? { c: credits } : {}),
        k: key.id,
      });
      await store.setCode(tx, args.id, joinCode(signed, signer.sign(key, signed)));
      changes.note('bookings', user.householdId);
      return { ok: true };
    },

    /**
     * A provider's scan: the code must be the server's, for this provider, of a booking still open.
     * The hold is posted once (its transfer id is the booking's), in full or in part.
     */
    async redeem(
      { tx, changes }: InTransaction,
      user: SessionUser,
      args: { code: string; amountCents?: number },
    ): Promise<Result & { youthId?: string | null }> {
      const providerId = user.me.provider?.id;
      if (user.role !== 'provider' || !providerId) return { ok: false, code: 'forbidden' };
      const code = parseBookingCode(args.code);
      const publicKey = code ? await publicKeyOf(tx, code.payload.k) : null;
      if (!code || !publicKey || !(await verifyBookingCode(code, publicKey))) return { ok: false, code: 'booking_code_invalid' };
      const booking = await store.lockForRedemption(tx, code.payload.b);
      if (!booking) return { ok: false, code: 'booking_not_found' };
      if (booking.provider_id !== providerId) return { ok: false, code: 'booking_other_provider' };
      // A suspended or revoked provider is still paid for sessions that began before the city's decision
      // (their bookings were kept); nothing later (those bookings were released then).
      const standing = await standingOf(tx, providerId);
      if (standing?.status !== 'accredited' && !(standing?.since && booking.startsAt < standing.since))
        return { ok: false, code: 'provider_not_accredited' };
      if (booking.status === 'cancelled') return { ok: false, code: 'booking_cancelled' };
      if (booking.status === 'redeemed') return { ok: false, code: 'booking_already_redeemed' };
      // A code is for its session: scanned days early, it would spend the voucher before the activity.
      if (clock.now().getTime() < booking.startsAt.getTime() - REDEEM_EARLY_MS) return { ok: false, code: 'booking_too_early' };
      const amount = args.amountCents ?? booking.voucher_cents;
      if (amount > booking.voucher_cents) return { ok: false, code: 'booking_amount' };
      if (booking.hold_id) {
        // Nothing to claim (the child did not come): the hold is released, not posted.
        const [result] = await ledger.createTransfersIn(tx, [
          amount > 0
            ? {
                id: derivedId('booking-redeem', code.payload.b),
                kind: 'post_pending',
                pendingId: booking.hold_id,
                amount,
                code: 'redemption',
                createdBy: `user:${user.id}`,
                ref: { type: 'booking', id: code.payload.b },
              }
            : {
                id: derivedId('booking-redeem', code.payload.b),
                kind: 'void_pending',
                pendingId: booking.hold_id,
                code: 'cancellation',
                createdBy: `user:${user.id}`,
                ref: { type: 'booking', id: code.payload.b },
              },
        ]);
        if (result === 'pending_expired' || result === 'pending_already_voided') return { ok: false, code: 'booking_expired' };
        if (result !== 'ok') throw new Error(`Posting the hold of booking ${code.payload.b} was refused: ${result}`);
      }
      if (booking.credit_hold_id) {
        // The credits a youth held for their seat: taken in full once they came; given back if the
        // provider records that they did not (nothing claimed).
        const id = derivedId('booking-credit-redeem', code.payload.b);
        const ref = { type: 'booking', id: code.payload.b };
        const [result] = await ledger.createTransfersIn(tx, [
          args.amountCents === 0
            ? { id, kind: 'void_pending', pendingId: booking.credit_hold_id, code: 'cancellation', createdBy: `user:${user.id}`, ref }
            : { id, kind: 'post_pending', pendingId: booking.credit_hold_id, code: 'credit_spend', createdBy: `user:${user.id}`, ref },
        ]);
        if (result === 'pending_expired' || result === 'pending_already_voided') return { ok: false, code: 'booking_expired' };
        if (result !== 'ok') throw new Error(`Posting the credit hold of booking ${code.payload.b} was refused: ${result}`);
      }
      await store.markRedeemed(tx, code.payload.b, user.id, amount, clock.now());
      changes.note('bookings', booking.household_id);
      // A youth with their own sign-in did something real: their missions and badges count it.
      return { ok: true, youthId: await store.youthOfBooking(tx, code.payload.b) };
    },

    async cancel({ tx, changes }: InTransaction, user: SessionUser, args: { id: string }, mutationId: string): Promise<Result> {
      if (!user.householdId) return { ok: false, code: 'forbidden' };
      const booking = await store.lockBooking(tx, user.householdId, args.id);
      if (!booking) return { ok: false, code: 'booking_not_found' };
      if (user.role === 'youth') {
        if (!(await isMinorsOwnUser(tx, booking.minor_id, user.id))) return { ok: false, code: 'forbidden' };
      }
      if (booking.status !== 'confirmed') return { ok: false, code: 'booking_not_cancellable' };
      // The session before the ledger, as booking does: the two never wait on each other in opposite orders.
      await store.lockSession(tx, booking.session_id);
      for (const [hold, purpose] of [
        [booking.hold_id, 'booking-cancel'],
        [booking.credit_hold_id, 'booking-credit-cancel'],
      ] as const) {
        if (!hold) continue;
        const [result] = await ledger.createTransfersIn(tx, [
          {
            id: derivedId(purpose, mutationId),
            kind: 'void_pending',
            pendingId: hold,
            code: 'cancellation',
            createdBy: `user:${user.id}`,
            ref: { type: 'booking', id: args.id },
          },
        ]);
        if (result === 'pending_already_posted') return { ok: false, code: 'booking_not_cancellable' };
        // Already released (it lapsed): nothing is held any more, which is what cancelling wants.
        if (result !== 'ok' && result !== 'pending_already_voided' && result !== 'pending_expired')
          throw new Error(`Releasing the hold of booking ${args.id} was refused: ${result}`);
      }
      await store.takeSeat(tx, booking.session_id, -1);
      await store.markCancelled(tx, args.id, clock.now());
      changes.note('bookings', user.householdId);
      return { ok: true };
    },

    /**
     * Cancels the open bookings that someone other than the family ended — the city stopping a provider,
     * the provider calling off a session — releasing seats and voucher holds; each family sees why.
     */
    async release(
      { tx, changes }: InTransaction,
      scope: { providerId: string } | { sessionId: string },
      reason: Exclude<CancelReason, 'family'>,
      by: string,
    ): Promise<number> {
      const open = await store.lockOpenBookings(tx, scope, clock.now());
      const holds = open.flatMap((b) => [
        ...(b.hold_id ? [{ id: derivedId('booking-release', b.id), booking: b.id, hold: b.hold_id }] : []),
        ...(b.credit_hold_id ? [{ id: derivedId('booking-credit-release', b.id), booking: b.id, hold: b.credit_hold_id }] : []),
      ]);
      const results = await ledger.createTransfersIn(
        tx,
        holds.map((h) => ({
          id: h.id,
          kind: 'void_pending' as const,
          pendingId: h.hold,
          code: 'cancellation' as const,
          createdBy: `user:${by}`,
          ref: { type: 'booking', id: h.booking },
        })),
      );
      results.forEach((result, i) => {
        // A hold that lapsed already holds nothing: releasing it is what was wanted.
        if (result !== 'ok' && result !== 'pending_already_voided' && result !== 'pending_expired')
          throw new Error(`Releasing the hold of booking ${holds[i].booking} was refused: ${result}`);
      });
      const now = clock.now();
      for (const booking of open) {
        await store.takeSeat(tx, booking.session_id, -1);
        await store.markCancelled(tx, booking.id, now, reason);
        changes.note('bookings', booking.household_id);
      }
      return open.length;
    },

    list: (tx: InTransaction['tx'], householdId: string): Promise<Booking[]> => store.loadBookings(tx, householdId),
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
