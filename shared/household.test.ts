import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { AddMinorSchema, mayHaveOwnSignIn, minorAgeProblem, minorsBookedBy } from './household';

describe('who counts as a minor of the household', () => {
  it('accepts a newborn and a 17-year-old, refuses the unborn and adults', () => {
    expect(minorAgeProblem('2026-11-25', '2026-11-25')).toBeNull();
    expect(minorAgeProblem('2008-11-26', '2026-11-25')).toBeNull();
    expect(minorAgeProblem('2008-11-25', '2026-11-25')).toBe('minor_too_old');
    expect(minorAgeProblem('2026-11-26', '2026-11-25')).toBe('minor_not_born');
  });

  it('allows an own sign-in from the 14th birthday', () => {
    expect(mayHaveOwnSignIn('2012-11-26', '2026-11-25')).toBe(false);
    expect(mayHaveOwnSignIn('2012-11-25', '2026-11-25')).toBe(true);
  });

  it('trims names and refuses empty ones', () => {
    expect(v.parse(AddMinorSchema, { name: ' Omar ', birthDate: '2017-06-02', disability: false }).name).toBe('Omar');
    const result = v.safeParse(AddMinorSchema, { name: '   ', birthDate: '2017-06-02', disability: false });
    expect(result.success).toBe(false);
    expect(result.issues?.[0].message).toBe('field_name');
  });
});

describe('minorsBookedBy', () => {
  const minors = [
    { name: 'Sara', userId: 'sara' },
    { name: 'Omar', userId: null },
  ];
  it('gives a guardian every child, and a youth only themselves', () => {
    expect(minorsBookedBy(minors, { id: 'amina', role: 'guardian' }).map((m) => m.name)).toEqual(['Sara', 'Omar']);
    expect(minorsBookedBy(minors, { id: 'sara', role: 'youth' }).map((m) => m.name)).toEqual(['Sara']);
    expect(minorsBookedBy(minors, { id: 'someone', role: 'youth' })).toEqual([]);
  });
});
