import { describe, expect, it } from 'vitest';
import { AccountCache } from './account-cache';
import type { AccountState } from './engine';

const state = (id: string, creditsPosted: number): AccountState => ({
  id,
  ledger: 'EUR',
  debitsMustNotExceedCredits: true,
  closed: false,
  expiresAt: null,
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted,
  version: 0,
});

describe('the account cache', () => {
  it('hands out copies, so a batch that fails leaves it as it was', () => {
    const cache = new AccountCache();
    cache.remember([state('a', 10)]);
    const { found, missing } = cache.take(['a', 'b']);
    expect(missing).toEqual(['b']);
    found[0].debitsPosted = 10;
    expect(cache.take(['a']).found[0].debitsPosted).toBe(0);
  });

  it('forgets accounts written behind its back', () => {
    const cache = new AccountCache();
    cache.remember([state('a', 10), state('b', 5)]);
    cache.forget(['a']);
    expect(cache.take(['a', 'b']).missing).toEqual(['a']);
  });

  it('starts over rather than grow past its capacity', () => {
    const cache = new AccountCache(2);
    cache.remember([state('a', 1), state('b', 1), state('c', 1)]);
    cache.remember([state('d', 1)]);
    expect(cache.take(['a', 'd']).missing).toEqual(['a']);
  });
});
