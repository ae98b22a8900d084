import { describe, expect, it } from 'vitest';
import { formatCents, parseEuros } from './money';

describe('money as people read it', () => {
  it('formats whole cents in each language', () => {
    expect(formatCents(12345, 'it')).toBe('123,45\u00a0€');
    expect(formatCents(12345, 'en')).toBe('€123.45');
    expect(formatCents(0, 'es')).toBe('0,00\u00a0€');
  });

  it('refuses anything that is not a whole number of cents', () => {
    expect(() => formatCents(1.5, 'it')).toThrow(RangeError);
    expect(() => formatCents(Number.NaN, 'it')).toThrow(RangeError);
  });
});

describe('euros typed by a person', () => {
  it('become whole cents without floating point', () => {
    expect(parseEuros('120')).toBe(12000);
    expect(parseEuros('120,5')).toBe(12050);
    expect(parseEuros(' 0.07 ')).toBe(7);
    expect(parseEuros('19.99')).toBe(1999);
    expect(parseEuros('999999999,99')).toBe(99999999999);
  });

  it('refuse anything else', () => {
    for (const bad of ['', '1.000,00', '12,345', '-5', '1e3', 'abc', '12.', ',5']) expect(parseEuros(bad), bad).toBeNull();
  });
});
