import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import type { PublicHub } from '$shared/hubs';
import type { CardView } from '$shared/cards';
import { cardHolders, HouseholdCards, nearestHub } from './cards.svelte';

const HUB = '00000000-0000-4000-8000-0000000000b1';
const M1 = '00000000-0000-4000-8000-0000000000d1';
const M2 = '00000000-0000-4000-8000-0000000000d2';
const M3 = '00000000-0000-4000-8000-0000000000d3';
const minors = [
  { id: M1, name: 'Sara', birthDate: '2011-03-12', disability: false, userId: 'u1', email: 'sara@example.org' },
  { id: M2, name: 'Omar', birthDate: '2017-06-02', disability: true, userId: null, email: null },
  { id: M3, name: 'Yusuf', birthDate: '2013-05-10', disability: false, userId: null, email: null },
];
const hub = (id: string, name: string, municipio: number) => ({ id, name, municipio }) as PublicHub;
const card: CardView = {
  id: '00000000-0000-4000-8000-0000000000c1',
  userId: 'u3',
  minorId: M3,
  holder: 'Yusuf',
  number: '222233334440',
  hub: { id: HUB, name: 'Hub Corvetto' },
  qr: 'WMP1.x.y.z',
  issuedAt: '2026-11-25T10:00:00.000Z',
  ended: null,
};

describe("a household's cards", () => {
  useMessages();
  const server = useFakeApi();

  it('offers a card to each child of 11 to 17, and the hub of the family’s municipio first', () => {
    expect(cardHolders({ minors }, '2026-11-25').map((h) => h.name)).toEqual(['Sara', 'Yusuf']);
    const hubs = [hub('a', 'Hub Corvetto', 4), hub('b', 'Hub Giambellino', 6)];
    expect(nearestHub(hubs, 6)?.name).toBe('Hub Giambellino');
    expect(nearestHub(hubs, 9)?.name).toBe('Hub Corvetto');
    expect(nearestHub([], 9)).toBeNull();
  });

  async function opened() {
    server().on('GET /api/household/cards', { cards: [card] });
    server().on('GET /api/household', { household: { id: 'h', municipio: 4, guardians: [], minors } });
    server().on('GET /api/hubs', { hubs: [hub(HUB, 'Hub Corvetto', 4)] });
    const cards = new HouseholdCards();
    await vi.waitFor(() => expect(cards.data.loading).toBe(false));
    return cards;
  }

  it('sends nothing while the two PINs differ, then issues the card with its first PIN and shows it to print', async () => {
    const cards = await opened();
    cards.person = M3;
    cards.hubId = HUB;
    cards.pin = '1357';
    cards.again = '1358';
    await cards.issue();
    expect(server().to('POST /api/household/cards')).toEqual([]);
    expect(cards.form.errors.again).toBe(t('field_pin_again'));

    server().on('POST /api/household/cards', { card });
    cards.again = '1357';
    await cards.issue();
    expect(server().to('POST /api/household/cards')[0].body).toEqual({ person: M3, hubId: HUB, pin: '1357' });
    expect(cards.issued?.id).toBe(card.id);
    expect(cards.pin).toBe('');
  });

  it('reports a card lost and changes a PIN, saying so, and reads the cards again', async () => {
    const cards = await opened();
    server().on(`POST /api/household/cards/${card.id}/end`, {
      card: { ...card, ended: { at: '2026-11-25T11:00:00.000Z', reason: 'lost' } },
    });
    await cards.end(card, 'lost');
    expect(server().to(`POST /api/household/cards/${card.id}/end`)[0].body).toEqual({ reason: 'lost' });
    expect(cards.done).toBe(m.cards_reported_lost({ name: 'Yusuf' }));
    server().on(`PUT /api/household/cards/${card.id}/pin`, { changed: true });
    await cards.changePin(card, '975310');
    expect(cards.done).toBe(m.cards_pin_changed({ name: 'Yusuf' }));
    expect(server().to('GET /api/household/cards').length).toBeGreaterThanOrEqual(3);
  });
});
