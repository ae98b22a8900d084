import { describe, expect, it } from 'vitest';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aProviderOffer } from '../../../../tests/support/offers';
import { providerOffers } from './provider-offers';

describe("a provider's own offers", () => {
  useMessages();
  const server = useFakeApi();

  it("are the server's list, or none yet, or fail with its reason", async () => {
    server().on('GET /api/provider/offers', { offers: [aProviderOffer()] });
    expect(await providerOffers()).toEqual([aProviderOffer()]);
    server().on('GET /api/provider/offers', { offers: [] });
    expect(await providerOffers()).toEqual([]);
    server().on('GET /api/provider/offers', refusal(403, 'forbidden', 'Not a provider.'));
    await expect(providerOffers()).rejects.toThrow('Not a provider.');
  });
});
