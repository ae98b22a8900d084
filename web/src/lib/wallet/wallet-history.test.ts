import { describe, expect, it } from 'vitest';
import { m } from '$lib/i18n';
import type { WalletTransfer } from '$shared/ledger';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { WalletHistory } from './wallet-history.svelte';

const line = (seq: number): WalletTransfer => ({
  id: `t${seq}`,
  seq,
  at: '2026-11-20T10:00:00.000Z',
  ledger: 'EUR',
  kind: 'single',
  code: 'redemption',
  amount: 25_00,
  direction: 'out',
  ref: null,
  title: null,
  reason: 'Nuoto per ragazzi',
});

describe("a wallet's history", () => {
  useMessages();
  const server = useFakeApi();

  it('starts from the first page the device holds, with no request', () => {
    const history = new WalletHistory();
    history.begin({ transfers: [line(9), line(8)], next: 8 });
    expect(history.items.map((t) => t.seq)).toEqual([9, 8]);
    expect(history.next).toBe(8);
    expect(server().sent).toEqual([]);
  });

  it('asks the server for older pages, one after another, until there are none', async () => {
    const history = new WalletHistory();
    history.begin({ transfers: [line(9)], next: 9 });
    server().on('GET /api/wallet/transfers', (request) =>
      request.query.before === '9' ? { transfers: [line(5)], next: 5 } : { transfers: [line(2)], next: null },
    );
    await history.more();
    await history.more();
    expect(history.items.map((t) => t.seq)).toEqual([9, 5, 2]);
    expect(history.next).toBeNull();
    await history.more();
    expect(
      server()
        .to('GET /api/wallet/transfers')
        .map((r) => r.query),
    ).toEqual([{ before: '9' }, { before: '5' }]);
  });

  it('says why an older page could not come, and keeps what it shows', async () => {
    const history = new WalletHistory();
    history.begin({ transfers: [line(9)], next: 9 });
    server().offline();
    await history.more();
    expect(history.error).toBe(m.error_offline());
    expect(history.items.map((t) => t.seq)).toEqual([9]);
    server()
      .online()
      .on('GET /api/wallet/transfers', refusal(500, 'internal', 'Try again later.'));
    await history.load();
    expect(history.error).toBe('Try again later.');
    expect(history.loading).toBe(false);
  });
});
