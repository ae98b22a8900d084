import { afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { BadgeCredentials, credentialFile, newlyEarned } from './badges.svelte';

describe("a young person's badge credentials", () => {
  useMessages();
  const server = useFakeApi();

  function credentials() {
    const files: { name: string; file: Blob }[] = [];
    return { credentials: new BadgeCredentials((file, name) => void files.push({ file, name })), files };
  }

  it("saves the signed credential as a file, in the reader's language", async () => {
    const credential = { type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Explorer' };
    server().on('GET /api/badges/explorer/credential', credential);
    const { credentials: c, files } = credentials();
    const downloading = c.download('explorer');
    expect(c.busy).toBe('explorer');
    await downloading;
    expect(server().to('GET /api/badges/explorer/credential')[0].query).toEqual({ lang: expect.stringMatching(/^(it|en|ar|zh|es)$/) });
    expect(files.map((f) => f.name)).toEqual([credentialFile('explorer')]);
    expect(JSON.parse(await files[0].file.text())).toEqual(credential);
    expect(c.saved).toBe('explorer');
    expect(c.busy).toBeNull();
  });

  it('says why beside the badge when the credential cannot be fetched', async () => {
    server().on('GET /api/badges/explorer/credential', refusal(404, 'not_found', 'Not earned yet.'));
    const { credentials: c, files } = credentials();
    await c.download('explorer');
    expect(files).toEqual([]);
    expect(c.problem).toEqual({ key: 'explorer', text: 'Not earned yet.' });
    expect(c.saved).toBeNull();
    server().offline();
    await c.download('explorer');
    expect(c.problem).toEqual({ key: 'explorer', text: m.error_offline() });
  });
});

describe('the badges to celebrate', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are those this device has not shown yet to this person, once', () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    });
    expect(newlyEarned('u-sara', ['explorer'])).toEqual(['explorer']);
    expect(newlyEarned('u-sara', ['explorer', 'regular'])).toEqual(['regular']);
    expect(newlyEarned('u-sara', ['explorer', 'regular'])).toEqual([]);
    expect(newlyEarned('u-luca', ['explorer'])).toEqual(['explorer']);
  });

  it('are every badge earned when nothing readable was kept, or storage is blocked', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => 'not json',
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(newlyEarned('u-sara', ['explorer'])).toEqual(['explorer']);
  });
});
