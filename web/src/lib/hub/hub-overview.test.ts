import { describe, expect, it } from 'vitest';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { hubOverview } from './hub-overview';

describe("a hub's home", () => {
  useMessages();
  const server = useFakeApi();

  it("is the hub's place and figures, or fails with the server's reason", async () => {
    const overview = { name: 'Hub Corvetto', address: 'Via Mompiani 5, Milano', municipio: 4, minorsInMunicipio: 52 };
    server().on('GET /api/hub/overview', { overview });
    expect(await hubOverview()).toEqual(overview);
    server().on('GET /api/hub/overview', refusal(403, 'forbidden', 'Not a hub operator.'));
    await expect(hubOverview()).rejects.toThrow('Not a hub operator.');
  });
});
