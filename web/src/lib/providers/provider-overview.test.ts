import { describe, expect, it } from 'vitest';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { providerOverview } from './provider-overview';

describe("a provider's home", () => {
  useMessages();
  const server = useFakeApi();

  it("is the organisation's standing and offers, or fails with the server's reason", async () => {
    const overview = { name: 'Polisportiva Navigli', status: 'accredited', statusReason: '', municipio: 6, offers: [] };
    server().on('GET /api/provider/overview', { overview });
    expect(await providerOverview()).toEqual(overview);
    server().offline();
    await expect(providerOverview()).rejects.toMatchObject({ code: 'offline' });
  });

  it('fails when the account has no organisation', async () => {
    server().on('GET /api/provider/overview', refusal(403, 'forbidden', 'Not a provider.'));
    await expect(providerOverview()).rejects.toThrow('Not a provider.');
  });
});
