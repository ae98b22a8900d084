import { describe, expect, it, vi } from 'vitest';
import { m } from '$lib/i18n';
import type { Statement } from '$shared/statements';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { CityStatements, recentMonths } from './city-statements.svelte';

const TODAY = new Date('2026-02-10T12:00:00Z');
const statement = (patch: Partial<Statement> = {}): Statement => ({
  providerId: '00000000-0000-4000-8000-0000000000b1',
  providerName: 'Polisportiva Navigli',
  month: '2026-02',
  redeemedCents: 300_00,
  paidCents: 100_00,
  dueCents: 200_00,
  redemptions: 12,
  ...patch,
});

describe("the city's statements", () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server().on('GET /api/city/statements', { statements: [statement()] });
    const city = new CityStatements(TODAY);
    await vi.waitFor(() => expect(city.statements.loading).toBe(false));
    return city;
  }

  it('offers this month and the eleven before it, across the new year', () => {
    expect(recentMonths(TODAY)).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
      '2025-10',
      '2025-09',
      '2025-08',
      '2025-07',
      '2025-06',
      '2025-05',
      '2025-04',
      '2025-03',
    ]);
  });

  it("loads this month's statements, and another month's when chosen", async () => {
    const city = await opened();
    expect(city.month).toBe('2026-02');
    expect(city.statements.data).toEqual([statement()]);
    server().on('GET /api/city/statements', { statements: [] });
    await city.show('2025-12');
    expect(city.statements.data).toEqual([]);
    expect(
      server()
        .to('GET /api/city/statements')
        .map((r) => r.query),
    ).toEqual([{ month: '2026-02' }, { month: '2025-12' }]);
  });

  it('pays the sum the city saw as due, says so, and shows the statements again', async () => {
    const city = await opened();
    server().on('POST /api/city/statements/pay', { statement: statement({ dueCents: 0 }), result: 'paid' });
    server().on('GET /api/city/statements', { statements: [statement({ paidCents: 300_00, dueCents: 0 })] });
    const paying = city.pay(statement());
    expect(city.paying).toBe(statement().providerId);
    await paying;
    expect(server().to('POST /api/city/statements/pay')[0].body).toEqual({
      providerId: statement().providerId,
      month: '2026-02',
      dueCents: 200_00,
    });
    expect(city.done).toBe(m.statements_paid_done({ name: 'Polisportiva Navigli' }));
    expect(city.statements.data?.[0].dueCents).toBe(0);
    expect(city.paying).toBeNull();
  });

  it('says when there was nothing left to pay', async () => {
    const city = await opened();
    server().on('POST /api/city/statements/pay', { statement: statement(), result: 'nothing_due' });
    await city.pay(statement());
    expect(city.done).toBe(m.statements_nothing_due({ name: 'Polisportiva Navigli' }));
  });

  it('says why a payment was refused, and shows the new sum to decide on', async () => {
    const city = await opened();
    server().on('POST /api/city/statements/pay', refusal(409, 'statement_changed', 'The sum due has changed.'));
    server().on('GET /api/city/statements', { statements: [statement({ dueCents: 250_00 })] });
    await city.pay(statement());
    expect(city.problem).toBe('The sum due has changed.');
    expect(city.done).toBeNull();
    expect(city.statements.data?.[0].dueCents).toBe(250_00);
  });
});
