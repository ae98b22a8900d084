import { describe, expect, it } from 'vitest';
import { availableOf, balanceOf, isValidAmount, timeLeft } from './ledger';

describe('ledger arithmetic', () => {
  it('counts holds against what is available, not against the balance', () => {
    const sums = { debitsPending: 120, debitsPosted: 50, creditsPending: 0, creditsPosted: 400 };
    expect(balanceOf(sums)).toBe(350);
    expect(availableOf(sums)).toBe(230);
  });

  it('accepts only whole positive amounts JavaScript holds exactly', () => {
    for (const ok of [1, 400_00, Number.MAX_SAFE_INTEGER]) expect(isValidAmount(ok)).toBe(true);
    for (const bad of [0, -1, 1.5, 2 ** 53, Number.NaN, Infinity, '5', null]) expect(isValidAmount(bad)).toBe(false);
  });

  it('says how long is left before a deadline, and when it has passed', () => {
    const deadline = new Date('2027-06-30T21:59:59Z');
    expect(timeLeft(deadline, new Date('2027-06-28T20:00:00Z'))).toEqual({ days: 2, hours: 1, passed: false });
    expect(timeLeft(deadline, new Date('2027-06-30T21:59:59Z'))).toEqual({ days: 0, hours: 0, passed: true });
  });
});
