import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate';

describe('filling a message’s placeholders', () => {
  it('puts each input in its place, as often as it appears, and leaves one not given as written', () => {
    expect(interpolate('Ciao, {name}')).toBe('Ciao, {name}');
    expect(interpolate('Ciao, {name}', { name: 'Sara' })).toBe('Ciao, Sara');
    expect(interpolate('{taken} su {capacity} ({taken})', { taken: 3, capacity: 12 })).toBe('3 su 12 (3)');
    expect(interpolate('مرحبًا، {name}', { name: 'Sara' })).toBe('مرحبًا، Sara');
    // A value is text, never a pattern.
    expect(interpolate('{a}', { a: '$& {b}', b: 'x' })).toBe('$& {b}');
  });
});
