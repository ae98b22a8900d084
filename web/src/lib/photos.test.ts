import { describe, expect, it } from 'vitest';
import { fitWithin, toBase64 } from './photos';

describe('making a photo ready to send', () => {
  it('scales the longer side down to the limit, keeps the shape, and never enlarges', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 960, height: 1280 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10_000, 3)).toEqual({ width: 1280, height: 1 });
  });

  it('writes bytes as base64, a large photo too', () => {
    expect(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==');
    const big = Uint8Array.from({ length: 200_000 }, (_, i) => i % 251);
    expect(Buffer.from(toBase64(big), 'base64').equals(Buffer.from(big))).toBe(true);
  });
});
