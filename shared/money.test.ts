import { describe, expect, it } from 'vitest';
import { formatCents } from './money';

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
