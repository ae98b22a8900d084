import { describe, expect, it } from 'vitest';
import { AccountCache } from './account-cache';
import type { AccountState } from './engine';

const state = (id: string, creditsPosted: number): AccountState => ({
  id, ledger: 'EUR', debitsMustNotExceedCredits: true, closed: false, expiresAt: null, debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted,
});

describe('the account cache', () => {
  it('hands out copies, so a batch that fails leaves it as it was', () => {
    const cache = new AccountCache();
    cache.remember([state('a', 10)], cache.mark());
    const { found, missing } = cache.take(['a', 'b']);
    expect(missing).toEqual(['b']);
    found[0].debitsPosted = 10;
    expect(cache.take(['a']).found[0].debitsPosted).toBe(0);
  });

  it('keeps nothing a batch read before a write it did not see', () => {
    const cache = new AccountCache();
    cache.remember([state('a', 10)], cache.mark());
    const mark = cache.mark();
    cache.forget(['a']);
    cache.remember([state('a', 10), state('b', 5)], mark);
    expect(cache.take(['a', 'b']).missing).toEqual(['a', 'b']);
    cache.remember([state('a', 3)], cache.mark());
    expect(cache.take(['a']).found[0].creditsPosted).toBe(3);
  });

  it('starts over rather than grow past its capacity', () => {
    const cache = new AccountCache(2);
    cache.remember([state('a', 1), state('b', 1), state('c', 1)], cache.mark());
    cache.remember([state('d', 1)], cache.mark());
    expect(cache.take(['a', 'd']).missing).toEqual(['a']);
  });
});
