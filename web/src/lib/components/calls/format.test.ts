import { describe, expect, it } from 'vitest';
import { instantOf, localOf, readEuros } from './format';

describe("a call's times are Milan's", () => {
  it('reads a typed time as Milan time, in winter and in summer', () => {
    expect(instantOf('2026-01-15T09:00')).toBe('2026-01-15T08:00:00.000Z');
    expect(instantOf('2026-07-15T09:00')).toBe('2026-07-15T07:00:00.000Z');
    expect(instantOf('')).toBe('');
    expect(instantOf('2026-07-15')).toBe('');
  });
  it('shows an instant back as the same Milan time', () => {
    for (const local of ['2026-01-15T09:00', '2026-07-15T23:30', '2026-03-29T03:00', '2026-10-25T01:15'])
      expect(localOf(new Date(instantOf(local)))).toBe(local);
  });
});

describe('an ISEE copied from the certificate', () => {
  it('reads thousands separators that cannot be decimals', () => {
    expect(readEuros('12.345,67')).toBe(12_345_67);
    expect(readEuros('12,345.67')).toBe(12_345_67);
    expect(readEuros('1.234.567,8')).toBe(1_234_567_80);
    expect(readEuros('100.000')).toBe(100_000_00);
    expect(readEuros('12 345')).toBe(12_345_00);
    expect(readEuros('9800,5')).toBe(9_800_50);
    expect(readEuros('0')).toBe(0);
  });
  it('refuses what it cannot read for sure', () => {
    expect(readEuros('€ 12.345,67')).toBe(12_345_67);
    for (const text of ['', 'abc', '12,3456', '-5', '1.23.4', '1.234,567', '12.345,678', '0,500']) expect(readEuros(text), text).toBeNull();
  });
});
