import { describe, expect, it, vi } from 'vitest';
import { held, refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aCall, aDashboard } from '../../../../tests/support/calls';
import { currentLocale, m } from '$lib/i18n';
import { formatCents } from '$shared/money';
import { INTL_LOCALE } from '$shared/locale';
import { CallAdmin, NEXT_STEP } from './call-admin.svelte';

const ID = aCall().id;
const CALL = `/api/city/calls/${ID}` as const;
const number = (n: number) => new Intl.NumberFormat(INTL_LOCALE[currentLocale()]).format(n);
const euros = (cents: number) => formatCents(cents, currentLocale());

describe('the city running a call', () => {
  useMessages();
  const server = useFakeApi();

  async function opened(status: Parameters<typeof aCall>[0] = {}) {
    server().on(`GET ${CALL}`, { call: aCall(status), dashboard: aDashboard({ applications: 12 }) });
    const admin = new CallAdmin(ID);
    await vi.waitFor(() => expect(admin.detail.loading).toBe(false));
    return admin;
  }

  it('loads the call and its figures', async () => {
    const admin = await opened();
    expect(admin.detail.data).toEqual({ call: aCall(), dashboard: aDashboard({ applications: 12 }) });
    expect(admin.detail.error).toBeNull();
    expect(server().to(`GET ${CALL}`)).toHaveLength(1);
  });

  it('says why when the call cannot be loaded, and loads it on a retry', async () => {
    server().on(`GET ${CALL}`, refusal(404, 'call_not_found', 'This call does not exist.'));
    const admin = new CallAdmin(ID);
    expect(admin.detail.loading).toBe(true);
    await vi.waitFor(() => expect(admin.detail.loading).toBe(false));
    expect(admin.detail.data).toBeNull();
    expect(admin.detail.error).toBe('This call does not exist.');

    server().on(`GET ${CALL}`, { call: aCall(), dashboard: aDashboard() });
    await admin.detail.reload();
    expect(admin.detail.error).toBeNull();
    expect(admin.detail.data?.call.id).toBe(ID);
  });

  it('names the next step of each stage, and none once the call has expired', () => {
    expect(NEXT_STEP).toEqual({ open: 'close', closed: 'rank', ranked: 'publish', published: 'allocate', allocated: 'sweep' });
    expect(NEXT_STEP.expired).toBeUndefined();
  });

  it('asks for a yes before a step, and forgets what the last step said', async () => {
    const admin = await opened();
    admin.problem = 'An earlier refusal';
    admin.ask('close');
    expect(admin.confirming).toBe('close');
    expect(admin.problem).toBeNull();
    admin.cancel();
    expect(admin.confirming).toBeNull();
    expect(server().to(`POST ${CALL}/close`)).toHaveLength(0);
  });

  it('closes the call: the figures as they now stand, how many applied, and the review starts again', async () => {
    const admin = await opened();
    const reply = held<unknown>();
    server().on(`POST ${CALL}/close`, () => reply.answer);
    admin.ask('close');
    const running = admin.run('close');
    expect(admin.running).toBe(true);
    reply.give({ call: aCall({ status: 'closed' }), dashboard: aDashboard({ applications: 1250 }) });
    await running;

    expect(server().to(`POST ${CALL}/close`)).toEqual([expect.objectContaining({ body: {} })]);
    expect(admin.running).toBe(false);
    expect(admin.detail.data?.call.status).toBe('closed');
    expect(admin.done).toBe(m.city_calls_closed_done({ count: number(1250) }));
    expect(admin.confirming).toBeNull();
    expect(admin.round).toBe(1);
  });

  it('gives the vouchers: how many are funded and waiting, and the money given, in words', async () => {
    const admin = await opened({ status: 'published' });
    server().on(`POST ${CALL}/allocate`, {
      call: aCall({ status: 'allocated' }),
      dashboard: aDashboard({ funded: 3 }),
      funded: 3,
      waiting: 2,
      allocatedCents: 900_00,
    });
    await admin.run('allocate');
    expect(admin.detail.data).toEqual({ call: aCall({ status: 'allocated' }), dashboard: aDashboard({ funded: 3 }) });
    expect(admin.done).toBe(m.city_calls_allocated_done({ funded: number(3), waiting: number(2), amount: euros(900_00) }));
  });

  it('sweeps the expired vouchers and says what came back', async () => {
    const admin = await opened({ status: 'allocated' });
    const report = { vouchers: 4, returnedCents: 120_50, batches: 1 };
    server().on(`POST ${CALL}/sweep`, { call: aCall({ status: 'expired' }), dashboard: aDashboard(), report });
    await admin.run('sweep');
    expect(admin.detail.data).toEqual({ call: aCall({ status: 'expired' }), dashboard: aDashboard() });
    expect(admin.done).toBe(m.city_calls_swept_done({ amount: euros(120_50), vouchers: number(4), batches: number(1) }));
  });

  it('ranks and publishes, each with its own words', async () => {
    const admin = await opened({ status: 'closed' });
    server().on(`POST ${CALL}/rank`, { call: aCall({ status: 'ranked' }), dashboard: aDashboard({ eligible: 9, excluded: 3 }) });
    await admin.run('rank');
    expect(admin.done).toBe(m.city_calls_ranked_done({ eligible: number(9), excluded: number(3) }));

    server().on(`POST ${CALL}/publish`, {
      call: aCall({ status: 'published', publishedAt: '2026-12-02T10:00:00.000Z' }),
      dashboard: aDashboard(),
    });
    await admin.run('publish');
    expect(admin.detail.data?.call.publishedAt).toBe('2026-12-02T10:00:00.000Z');
    expect(admin.done).toBe(m.city_calls_published_done());
    expect(admin.round).toBe(2);
  });

  it('says why a step was refused, and leaves the call as it was', async () => {
    const admin = await opened();
    server().on(`POST ${CALL}/close`, refusal(409, 'call_window_open', 'Applications are still open.'));
    admin.ask('close');
    await admin.run('close');
    expect(admin.problem).toBe('Applications are still open.');
    expect(admin.done).toBeNull();
    expect(admin.confirming).toBeNull();
    expect(admin.detail.data?.call.status).toBe('open');
    expect(admin.round).toBe(0);
  });

  it('says the server could not be reached when the network is gone', async () => {
    const admin = await opened();
    server().offline();
    await admin.run('close');
    expect(admin.problem).toBe(m.error_offline());
    expect(admin.running).toBe(false);
  });
});
