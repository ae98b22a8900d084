import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadMessages, t } from './i18n';

// `loadMessages` takes the answer the page's shell asked for early (app.html) only when it is a plain
// answer for the language wanted now; anything else is asked again, the usual way.
const early = (locale: string, answer: Promise<Response | null>) =>
  ((globalThis as { window?: unknown }).window = { wishmiMessages: { for: locale, answer } });
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the messages a page starts with', () => {
  let fetched: string[];
  beforeEach(() => {
    fetched = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return json({ greeting: 'asked again' });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as { window?: unknown }).window;
  });

  it('uses the early answer for the language wanted, once', async () => {
    early('en', Promise.resolve(json({ greeting: 'early' })));
    await loadMessages('en');
    expect(t('greeting')).toBe('early');
    expect(fetched).toEqual([]);
    await loadMessages('en');
    expect(t('greeting')).toBe('asked again');
    expect(fetched).toHaveLength(1);
  });

  it.each([
    ['for another language', () => early('ar', Promise.resolve(json({ greeting: 'early' })))],
    ['that failed', () => early('en', Promise.resolve(null))],
    ['that the server refused', () => early('en', Promise.resolve(json({}, 404)))],
    ['that is not JSON', () => early('en', Promise.resolve(new Response('<html>')))],
    ['when there is none', () => ((globalThis as { window?: unknown }).window = {})],
  ])('asks again for an early answer %s', async (_, setUp) => {
    setUp();
    await loadMessages('en');
    expect(t('greeting')).toBe('asked again');
    expect(fetched).toHaveLength(1);
  });
});
