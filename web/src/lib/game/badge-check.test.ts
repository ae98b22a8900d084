import { describe, expect, it } from 'vitest';
import { m } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { BadgeCheck, MAX_BADGE_FILE_BYTES } from './badge-check.svelte';

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  proof: { proofValue: 'z3…' },
};

describe('checking a badge file', () => {
  useMessages();
  const server = useFakeApi();

  it('reads a chosen file into the text, and forgets its name once the person types', async () => {
    const check = new BadgeCheck();
    await check.chooseFile(new File([JSON.stringify(credential)], 'wishmi-badge-explorer.json', { type: 'application/json' }));
    expect(check.fileName).toBe('wishmi-badge-explorer.json');
    expect(JSON.parse(check.text)).toEqual(credential);
    check.typed();
    expect(check.fileName).toBeNull();
  });

  it('refuses a file far larger than a badge, without reading it', async () => {
    const check = new BadgeCheck();
    await check.chooseFile(new File(['x'.repeat(MAX_BADGE_FILE_BYTES + 1)], 'film.mp4'));
    expect(check.text).toBe('');
    expect(check.problem).toBe(m.game_verify_not_json());
  });

  it('sends nothing that is not a JSON object', async () => {
    const check = new BadgeCheck();
    for (const text of ['', 'not json', '[1, 2]', '42', 'null']) {
      check.text = text;
      await check.verify();
      expect(check.problem).toBe(m.game_verify_not_json());
    }
    expect(server().sent).toEqual([]);
  });

  it("shows the server's verdict on a credential, valid or not", async () => {
    const check = new BadgeCheck();
    check.text = JSON.stringify(credential);
    server().on('POST /api/badges/verify', { valid: true, badge: 'explorer', name: 'Explorer', validFrom: '2026-10-02T09:00:00.000Z' });
    await check.verify();
    expect(server().to('POST /api/badges/verify')[0].body).toEqual(credential);
    expect(check.verdict).toEqual({ valid: true, badge: 'explorer', name: 'Explorer', validFrom: '2026-10-02T09:00:00.000Z' });
    expect(check.checking).toBe(false);

    server().on('POST /api/badges/verify', { valid: false, reason: 'credential_signature' });
    await check.verify();
    expect(check.verdict).toEqual({ valid: false, reason: 'credential_signature' });
    expect(check.problem).toBeNull();
  });

  it('says plainly that a file not shaped like a credential is not one, and why the server could not be asked', async () => {
    const check = new BadgeCheck();
    check.text = '{"hello": "world"}';
    server().on('POST /api/badges/verify', refusal(400, 'validation_failed', 'proof: required'));
    await check.verify();
    expect(check.problem).toBe(m.error_credential_malformed());
    expect(check.verdict).toBeNull();
    server().offline();
    await check.verify();
    expect(check.problem).toBe(m.error_offline());
  });
});
