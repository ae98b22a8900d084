import { describe, expect, it } from 'vitest';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { cityOverview } from './city-overview';

describe("the city's overview", () => {
  useMessages();
  const server = useFakeApi();

  it("is the server's figures, or fails with its reason", async () => {
    const overview = {
      households: 120,
      minors: 210,
      providers: 14,
      offers: 38,
      hubs: 3,
      byMunicipio: [{ municipio: 4, households: 30, minors: 52, offers: 9 }],
    };
    server().on('GET /api/city/overview', { overview });
    expect(await cityOverview()).toEqual(overview);
    server().on('GET /api/city/overview', refusal(403, 'forbidden', 'For the city only.'));
    await expect(cityOverview()).rejects.toThrow('For the city only.');
  });
});
