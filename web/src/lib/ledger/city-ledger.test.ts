import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { CityLedger } from './city-ledger.svelte';

const checks = { invariants: [{ id: 'balanced', ok: true }], summary: [] };
const transfer = (id: string) => ({
  id,
  at: '2026-11-20T10:00:00.000Z',
  reason: 'Budget',
  kind: 'single',
  code: 'funding',
  debitKind: 'city_funding',
  creditKind: 'city_budget',
  createdBy: 'city',
  amount: 100_00,
  ledger: 'EUR',
});

describe("the city's ledger", () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server()
      .on('GET /api/city/ledger', checks)
      .on('GET /api/city/ledger/transfers', { transfers: [transfer('t2')], next: 1 });
    const city = new CityLedger();
    await vi.waitFor(() => expect(city.ledger.loading || city.results.loading).toBe(false));
    return city;
  }

  it('loads its checks and the newest transfers, and older ones on request', async () => {
    const city = await opened();
    expect(city.ledger.data).toEqual(checks);
    expect(city.results.items.map((t) => t.id)).toEqual(['t2']);
    server().on('GET /api/city/ledger/transfers', { transfers: [transfer('t1')], next: null });
    await city.results.more();
    expect(city.results.items.map((t) => t.id)).toEqual(['t2', 't1']);
    expect(city.results.next).toBeNull();
    expect(
      server()
        .to('GET /api/city/ledger/transfers')
        .map((r) => r.query),
    ).toEqual([{}, { before: '1' }]);
  });

  it('searches by reason and by reference, the reference without the spaces around it', async () => {
    const city = await opened();
    server().on('GET /api/city/ledger/transfers', { transfers: [], next: null });
    city.code = 'allocation';
    city.ref = '  K7QM-3XPA ';
    await city.search();
    expect(server().to('GET /api/city/ledger/transfers').at(-1)?.query).toEqual({ code: 'allocation', ref: 'K7QM-3XPA' });
    expect(city.results.items).toEqual([]);
  });

  it('says why the transfers could not be searched', async () => {
    const city = await opened();
    server().on('GET /api/city/ledger/transfers', refusal(400, 'validation_failed', 'The reference is too long.'));
    await city.search();
    expect(city.results.error).toBe('The reference is too long.');
  });

  it('funds nothing without an amount above zero', async () => {
    const city = await opened();
    for (const typed of ['', 'dieci', '0', '-5']) {
      city.fundText = typed;
      await city.fund();
      expect(city.fundError).toBe(t('field_amount'));
    }
    expect(server().to('POST /api/city/ledger/fund')).toEqual([]);
  });

  it('funds the budget in cents, says so, and shows the new totals and transfers', async () => {
    const city = await opened();
    server().on('POST /api/city/ledger/fund', {});
    city.fundText = '1250,50';
    await city.fund();
    const [sent] = server().to('POST /api/city/ledger/fund');
    expect(sent.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), amount: 1_250_50 });
    expect(city.funded).toBe(m.ledger_funded());
    expect(city.fundError).toBeNull();
    expect(city.fundText).toBe('');
    expect(city.funding).toBe(false);
    expect(server().to('GET /api/city/ledger')).toHaveLength(2);
    expect(server().to('GET /api/city/ledger/transfers')).toHaveLength(2);
  });

  it('sends a failed funding again under the same id, so it never funds twice; the next one gets a new id', async () => {
    const city = await opened();
    server().offline();
    city.fundText = '100';
    await city.fund();
    expect(city.fundError).toBe(m.error_offline());
    expect(city.fundText).toBe('100');
    server().online().on('POST /api/city/ledger/fund', {});
    await city.fund();
    city.fundText = '100';
    await city.fund();
    const ids = server()
      .to('POST /api/city/ledger/fund')
      .map((r) => (r.body as { id: string }).id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[1]);
  });
});
