import { describe, expect, it } from 'vitest';
import { isPassing, lostRace, raceOnKey } from './retry';

const failing = (code: unknown) => Object.assign(new Error('x'), { code });

describe('which database failures pass', () => {
  it('knows a lost race from anything else', () => {
    expect(lostRace(failing('40001'))).toBe(true);
    expect(lostRace(failing('40P01'))).toBe(true);
    expect(lostRace(failing('23505'))).toBe(false);
    expect(lostRace(new Error('no code'))).toBe(false);
  });
  it('takes an unreachable, restarting or overloaded database, or a lost race, as passing', () => {
    for (const code of [
      '08006',
      '40001',
      '40P01',
      '53300',
      '57P01',
      '57P03',
      '58030',
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
    ]) {
      expect(isPassing(failing(code)), code).toBe(true);
    }
  });
  it("does not take a request's own failure, or a bug, as passing", () => {
    for (const error of [
      failing('23505'),
      failing('22P02'),
      failing('42P01'),
      failing(42),
      new TypeError('undefined is not a function'),
      null,
      undefined,
      'text',
    ]) {
      expect(isPassing(error)).toBe(false);
    }
  });
  it('knows a concurrent write of the same key', () => {
    expect(raceOnKey(failing('23505'))).toBe(true);
    expect(raceOnKey(failing('40001'))).toBe(false);
  });
});
