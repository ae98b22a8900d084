import { describe, expect, it } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { HubReward } from './hub-reward.svelte';

const HUB = '00000000-0000-4000-8000-0000000000a1';

describe('a hub lists one of its own rewards', () => {
  useMessages();
  const server = useFakeApi();

  function written() {
    const reward = new HubReward(HUB);
    Object.assign(reward.draft, {
      title: 'Biglietto per il cinema',
      description: 'Un ingresso al cinema Mexico, per due.',
      creditPrice: 40,
      places: '3',
    });
    return reward;
  }

  it('starts a draft at the hub, with an id made on the device', () => {
    const reward = new HubReward(HUB);
    expect(reward.draft).toMatchObject({ hubId: HUB, title: '', places: '1', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('sends nothing without a title, a description and a price, and names them', async () => {
    const reward = new HubReward(HUB);
    expect(await reward.create()).toBe(false);
    expect(server().sent).toEqual([]);
    expect(reward.form.errors).toMatchObject({
      title: t('field_opportunity_title'),
      description: t('field_opportunity_description'),
      creditPrice: t('field_opportunity_price'),
    });
  });

  it('lists the reward, says so, and starts a fresh draft with a new id', async () => {
    const reward = written();
    const id = reward.draft.id;
    server().on('POST /api/hub/opportunities', { opportunity: {} });
    expect(await reward.create()).toBe(true);
    expect(server().to('POST /api/hub/opportunities')[0].body).toEqual({
      id,
      hubId: HUB,
      title: 'Biglietto per il cinema',
      description: 'Un ingresso al cinema Mexico, per due.',
      category: null,
      creditPrice: 40,
      places: 3,
    });
    expect(reward.created).toBe(m.hub_opps_created({ title: 'Biglietto per il cinema' }));
    expect(reward.draft.title).toBe('');
    expect(reward.draft.id).not.toBe(id);
  });

  it("keeps the draft and shows the server's reason when it refuses", async () => {
    const reward = written();
    server().on('POST /api/hub/opportunities', refusal(403, 'forbidden', 'Not your hub.'));
    expect(await reward.create()).toBe(false);
    expect(reward.form.message).toBe('Not your hub.');
    expect(reward.draft.title).toBe('Biglietto per il cinema');
    expect(reward.created).toBeNull();
  });
});
