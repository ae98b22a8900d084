import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aProviderRecord } from '../../../../tests/support/providers';
import { CityProviderReview } from './provider-review.svelte';

const applied = aProviderRecord();
const PROVIDER = `/api/city/providers/${applied.id}` as const;

describe('the city reviews a provider', () => {
  useMessages();
  const server = useFakeApi();

  async function reviewing(record = applied) {
    server().on(`GET ${PROVIDER}`, { provider: record });
    const review = new CityProviderReview(record.id);
    await vi.waitFor(() => expect(review.provider.loading).toBe(false));
    return review;
  }

  it("loads the provider's file, or says why it cannot", async () => {
    expect((await reviewing()).provider.data).toEqual(applied);
    server().on(`GET ${PROVIDER}`, refusal(404, 'not_found', 'No such provider.'));
    const missing = new CityProviderReview(applied.id);
    await vi.waitFor(() => expect(missing.provider.loading).toBe(false));
    expect(missing.provider.error).toBe('No such provider.');
  });

  it('sends nothing without a decision, nor a refusal without its reason', async () => {
    const review = await reviewing();
    await review.decide();
    expect(Object.keys(review.form.errors)).toEqual(['decision']);
    review.decision = 'request_changes';
    await review.decide();
    expect(review.form.errors).toEqual({ reason: t('field_reason_required') });
    expect(server().to(`POST ${PROVIDER}/decision`)).toEqual([]);
  });

  it('admits the provider without a reason, naming the status the city saw', async () => {
    const review = await reviewing();
    server().on(`POST ${PROVIDER}/decision`, { provider: { ...applied, status: 'accredited' }, released: 0 });
    review.decision = 'approve';
    await review.decide();
    expect(server().to(`POST ${PROVIDER}/decision`)[0].body).toEqual({ decision: 'approve', reason: '', expectedStatus: 'applied' });
    expect(review.provider.data?.status).toBe('accredited');
    expect(review.done).toBe(m.providers_decided());
    expect(review.decision).toBe('');
  });

  it('says how many bookings a suspension released', async () => {
    const accredited = aProviderRecord({ status: 'accredited', openBookings: 3 });
    const review = await reviewing(accredited);
    server().on(`POST ${PROVIDER}/decision`, { provider: { ...accredited, status: 'suspended' }, released: 3 });
    review.decision = 'suspend';
    review.reason = 'Assicurazione scaduta';
    await review.decide();
    expect(review.done).toBe(m.providers_decided_released({ count: 3 }));
    expect(review.reason).toBe('');
  });

  it('shows the provider as it now stands when another admin decided first', async () => {
    const review = await reviewing();
    server().on(`POST ${PROVIDER}/decision`, refusal(409, 'provider_status_changed', 'Someone decided meanwhile.'));
    server().on(`GET ${PROVIDER}`, { provider: { ...applied, status: 'accredited' } });
    review.decision = 'request_changes';
    review.reason = 'Manca lo statuto';
    await review.decide();
    expect(review.form.message).toBe('Someone decided meanwhile.');
    expect(review.provider.data?.status).toBe('accredited');
    expect(review.done).toBeNull();
    expect(review.reason).toBe('Manca lo statuto');
  });
});
