import { describe, expect, it, vi } from 'vitest';
import type { ProviderSummary } from '$shared/provider';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { CityProviders } from './city-providers.svelte';

const summary = (patch: Partial<ProviderSummary> = {}): ProviderSummary => ({
  id: '00000000-0000-4000-8000-0000000000b2',
  name: 'Danza Corvetto ASD',
  legalForm: 'non_profit',
  status: 'applied',
  municipio: 4,
  categories: ['art'],
  submittedAt: '2026-11-02T09:00:00.000Z',
  offerCount: 0,
  ...patch,
});

describe("the city's list of providers", () => {
  useMessages();
  const server = useFakeApi();

  it('shows the applications waiting for an answer first, then any status asked for, or all', async () => {
    server().on('GET /api/city/providers', (request) => ({
      providers: request.query.status === 'accredited' ? [summary({ status: 'accredited' })] : [summary()],
      counts: { applied: 1, accredited: 1 },
    }));
    const city = new CityProviders();
    await vi.waitFor(() => expect(city.list.loading).toBe(false));
    expect(city.list.data?.providers).toEqual([summary()]);
    await city.show('accredited');
    expect(city.list.data?.providers).toEqual([summary({ status: 'accredited' })]);
    await city.show('');
    expect(
      server()
        .to('GET /api/city/providers')
        .map((r) => r.query),
    ).toEqual([{ status: 'applied' }, { status: 'accredited' }, {}]);
  });

  it('says why the list could not be loaded', async () => {
    server().on('GET /api/city/providers', refusal(403, 'forbidden', 'For the city only.'));
    const city = new CityProviders();
    await vi.waitFor(() => expect(city.list.loading).toBe(false));
    expect(city.list.error).toBe('For the city only.');
  });
});
