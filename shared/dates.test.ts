import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, ageOn, birthDateAged, formatIsoDate, isoDateIn, isValidIsoDate, startOfDay } from './dates';

describe('ages and calendar dates', () => {
  it('counts whole years, turning a year older on the birthday itself', () => {
    expect(ageOn('2012-11-25', '2026-11-24')).toBe(13);
    expect(ageOn('2012-11-25', '2026-11-25')).toBe(14);
    expect(ageOn('2012-11-25', '2026-12-31')).toBe(14);
    expect(ageOn('2026-11-25', '2026-11-25')).toBe(0);
  });

  it('lets someone born on 29 February turn a year older on 1 March in common years', () => {
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
  });

  it('never decreases as days pass', () => {
    const day = fc
      .date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (birth, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        return ageOn(birth, earlier) <= ageOn(birth, later);
      }),
    );
  });

  it('finds the birth date that makes someone a given age on a day, their birthday passed or still to come', () => {
    expect(birthDateAged(15, '03-12', '2026-11-25')).toBe('2011-03-12');
    expect(birthDateAged(15, '03-12', '2027-02-01')).toBe('2011-03-12');
    expect(birthDateAged(15, '03-12', '2027-03-12')).toBe('2012-03-12');
    expect(birthDateAged(9, '12-31', '2026-12-30')).toBe('2016-12-31');
  });

  it('makes someone exactly the age asked for, on any day', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const birthday = fc
      .date({ min: new Date('2001-01-01'), max: new Date('2001-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(5, 10));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), birthday, day, (age, on, today) => ageOn(birthDateAged(age, on, today), today) === age),
    );
  });

  it('counts calendar days across months, leap days and the change of clocks', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('accepts only real dates in YYYY-MM-DD form', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(isValidIsoDate('2023-1-01')).toBe(false);
    expect(isValidIsoDate('01/02/2023')).toBe(false);
  });

  it('takes today in Milan, not in UTC', () => {
    expect(isoDateIn(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
    expect(isoDateIn(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(isoDateIn(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('formats a date in the reader’s language without shifting the day', () => {
    expect(formatIsoDate('2011-03-12', 'it')).toBe('12 marzo 2011');
    expect(formatIsoDate('2011-03-12', 'en')).toBe('12 March 2011');
    expect(formatIsoDate('2011-03-12', 'es')).toBe('12 de marzo de 2011');
  });
});

describe('the start of a day in Milan', () => {
  it('is 23:00 UTC the day before in winter and 22:00 in summer', () => {
    expect(startOfDay('2026-12-01').toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(startOfDay('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('is right on the days the clocks change', () => {
    expect(startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('the instant Milan’s clocks show a time', () => {
  it('is an hour or two before the same time in UTC, winter and summer', async () => {
    const { instantAt } = await import('./dates');
    expect(instantAt('2026-12-07', '16:00').toISOString()).toBe('2026-12-07T15:00:00.000Z');
    expect(instantAt('2026-06-01', '16:00').toISOString()).toBe('2026-06-01T14:00:00.000Z');
    // The days the clocks change: 29 March and 25 October 2026.
    expect(instantAt('2026-03-29', '16:00').toISOString()).toBe('2026-03-29T14:00:00.000Z');
    expect(instantAt('2026-10-25', '16:00').toISOString()).toBe('2026-10-25T15:00:00.000Z');
    expect(instantAt('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(Number.isNaN(instantAt('2026-13-40', '16:00').getTime())).toBe(true);
  });
});
