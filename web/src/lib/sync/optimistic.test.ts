import { describe, expect, it } from 'vitest';
import type { Booking } from '$shared/booking';
import type { CatalogueOffer } from '$shared/catalogue';
import type { Me } from '$shared/account';
import type { Household } from '$shared/household';
import type { Mutation } from '$shared/sync';
import { showBookings, showCalls, showHousehold, showMe } from './optimistic';
import { DEFAULT_RULES, type FamilyCall, type MyApplication } from '$shared/calls';

const me: Me = { id: 'u1', email: 'a@b.it', name: 'Amina', role: 'guardian', language: 'it', household: { id: 'h1', municipio: 6 }, provider: null, hub: null };
const household: Household = { id: 'h1', municipio: 6, guardians: [], minors: [{ id: 'm1', name: 'Sara', birthDate: '2011-03-12', disability: false, email: null }] };
let seq = 0;
const mutation = (name: string, args: unknown): Mutation => ({ id: `x${++seq}`, clientId: 'c', seq, name, args, clientTime: '2026-11-26T00:00:00.000Z' });

describe('what the person sees while changes wait', () => {
  it('applies profile changes in order over the confirmed state', () => {
    const shown = showMe(me, [mutation('profile.update', { language: 'ar' }), mutation('profile.update', { name: 'Amina H.' }), mutation('profile.update', { language: 'en' })]);
    expect(shown).toMatchObject({ name: 'Amina H.', language: 'en' });
    expect(me.language).toBe('it');
  });
  it('shows an added child as waiting, once, until the server confirms it', () => {
    const add = mutation('household.addMinor', { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true });
    expect(showHousehold(household, [add])!.minors).toEqual([household.minors[0], { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, email: null, pending: true }]);
    const confirmed = { ...household, minors: [...household.minors, { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, email: null }] };
    expect(showHousehold(confirmed, [add])!.minors).toHaveLength(2);
  });
  it('shows nothing before the first sync', () => {
    expect(showMe(undefined, [mutation('profile.update', { name: 'x' })])).toBeUndefined();
  });
});

describe('bookings shown with what waits in the outbox', () => {
  const confirmed: Booking = {
    id: 'b1', status: 'confirmed', offerId: 'o1', offerVersion: 1, title: { it: 'Nuoto' }, providerName: 'Polisportiva', address: 'Via Roma 1', sessionId: 's1',
    startsAt: '2026-12-01T16:00:00.000Z', endsAt: '2026-12-01T17:00:00.000Z', minorId: 'm1', minorName: 'Omar', priceCents: 120_00, voucherCents: 120_00, familyCents: 0,
    cancelUntil: '2026-11-30T16:00:00.000Z', createdAt: '2026-11-25T10:00:00.000Z', code: 'WM1.x.y', cancelReason: null,
  };
  const offer = { id: 'o2', version: 3, title: { it: 'Robotica' }, providerName: 'Lab', address: 'Via Durando 10', priceCents: 110_00, sessions: [] } as unknown as CatalogueOffer;
  const slot = { id: 's2', startsAt: '2026-12-05T15:00:00.000Z', endsAt: '2026-12-05T17:00:00.000Z', weekday: 6, capacity: 10, seatsLeft: 4 };
  const lookup = (id: string) => (id === 's2' ? { offer, session: slot } : undefined);
  const queued = (seq: number, name: string, args: unknown): Mutation => ({ id: `x${seq}`, clientId: 'c', seq, name, args, clientTime: '2026-11-26T09:00:00.000Z' });

  it('shows a booking made offline as waiting, with its session from the catalogue, and never a sum it cannot know', () => {
    const shown = showBookings([confirmed], [queued(1, 'booking.create', { id: 'b2', sessionId: 's2', minorId: 'm1' })], lookup, () => 'Omar');
    expect(shown.map((b) => [b.id, b.waiting, b.title.it, b.startsAt, b.voucherCents])).toEqual([
      ['b2', 'booking', 'Robotica', '2026-12-05T15:00:00.000Z', 0],
      ['b1', undefined, 'Nuoto', '2026-12-01T16:00:00.000Z', 120_00],
    ]);
  });

  it('shows a cancellation as waiting, and a confirmed booking once only', () => {
    const shown = showBookings([confirmed], [queued(1, 'booking.create', { id: 'b1', sessionId: 's1', minorId: 'm1' }), queued(2, 'booking.cancel', { id: 'b1' })], lookup, () => 'Omar');
    expect(shown.map((b) => [b.id, b.waiting])).toEqual([['b1', 'cancelling']]);
    expect(showBookings(undefined, [], lookup, () => '')).toEqual([]);
  });
});

describe('voucher calls shown with what waits in the outbox', () => {
  const call: FamilyCall = {
    id: 'c1', name: { it: 'Voucher 2026' }, description: { it: 'Per le famiglie' }, status: 'open', budgetCents: 1_000_00, opensAt: '2026-11-01T08:00:00.000Z',
    closesAt: '2026-12-01T22:59:00.000Z', spendingDeadline: '2027-06-30T21:59:00.000Z', graceHours: 48, rules: DEFAULT_RULES, createdAt: '2026-10-30T10:00:00.000Z', publishedAt: null,
    application: null,
  };
  const apply = { id: 'a1', callId: 'c1', householdId: 'h1', resident: true as const, iseeCents: 9_000_00, dsu: 'INPS-ISEE-2026-12345678A-00', singleParent: true, disabledAdults: 0, consent: true as const };
  const confirmed: MyApplication = {
    id: 'a1', callId: 'c1', code: 'ABCD-EF23', status: 'funded', exclusion: null, note: '', submittedAt: '2026-11-26T09:00:00.000Z', iseeCents: 9_000_00, dsu: apply.dsu,
    singleParent: true, disabledAdults: 0, rank: 3, points: null, amountCents: 400_00, waitingPosition: null, voucher: { available: 400_00, spent: 0, held: 0, deadline: call.spendingDeadline },
  };

  it('shows an application made offline as submitted and waiting, with what was typed and nothing the server decides', () => {
    const [shown] = showCalls([call], [mutation('call.apply', apply)]);
    expect(shown.application).toMatchObject({ id: 'a1', status: 'submitted', waiting: 'applying', iseeCents: 9_000_00, code: '', rank: null, amountCents: null, voucher: null });
    expect(call.application).toBeNull();
  });

  it("lets the server's application win over the waiting one, and shows a voucher being declined", () => {
    const [shown] = showCalls([{ ...call, application: confirmed }], [mutation('call.apply', apply), mutation('call.decline', { applicationId: 'a1' })]);
    expect(shown.application).toMatchObject({ code: 'ABCD-EF23', status: 'funded', waiting: 'declining' });
  });

  it('leaves other calls alone', () => {
    const other = { ...call, id: 'c2' };
    expect(showCalls([other], [mutation('call.apply', apply)])).toEqual([other]);
  });
});
