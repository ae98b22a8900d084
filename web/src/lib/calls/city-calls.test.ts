import { describe, expect, it } from 'vitest';
import { aCall, aDashboard } from '../../../../tests/support/calls';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { cityCalls } from './city-calls';

describe("the city's list of calls", () => {
  useMessages();
  const server = useFakeApi();

  it('is every call with its figures, or none yet', async () => {
    const calls = [{ ...aCall(), figures: aDashboard({ applications: 40 }) }];
    server().on('GET /api/city/calls', { calls });
    expect(await cityCalls()).toEqual(calls);
    server().on('GET /api/city/calls', { calls: [] });
    expect(await cityCalls()).toEqual([]);
  });

  it("fails with the server's reason", async () => {
    server().on('GET /api/city/calls', refusal(403, 'forbidden', 'For the city only.'));
    await expect(cityCalls()).rejects.toThrow('For the city only.');
  });
});
