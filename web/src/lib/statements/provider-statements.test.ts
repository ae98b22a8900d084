import { describe, expect, it } from 'vitest';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { providerStatements } from './provider-statements';

describe("a provider's statements", () => {
  useMessages();
  const server = useFakeApi();

  it("are the server's months, or none yet, or fail with its reason", async () => {
    const month = {
      providerId: 'p1',
      providerName: 'Polisportiva Navigli',
      month: '2026-10',
      redeemedCents: 300_00,
      paidCents: 300_00,
      dueCents: 0,
      redemptions: 12,
    };
    server().on('GET /api/provider/statements', { statements: [month] });
    expect(await providerStatements()).toEqual([month]);
    server().on('GET /api/provider/statements', { statements: [] });
    expect(await providerStatements()).toEqual([]);
    server().on('GET /api/provider/statements', refusal(403, 'forbidden', 'Not a provider.'));
    await expect(providerStatements()).rejects.toThrow('Not a provider.');
  });
});
