import { describe, expect, it, vi } from 'vitest';
import { m } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { cardNumberFrom } from '$shared/cards';
import type { KioskHome } from '$shared/kiosk';
import type { Me } from '$shared/account';
import { Kiosk } from './kiosk.svelte';
import type { Forgetting } from './forget';

const YUSUF = cardNumberFrom('22223333444');
const HUB = '00000000-0000-4000-8000-0000000000b2';
const event = {
  id: '00000000-0000-4000-8000-0000000000f1',
  hubId: HUB,
  title: 'Laboratorio di fumetto',
  description: '',
  kind: 'workshop',
  startsAt: '2026-11-26T15:00:00.000Z',
  endsAt: '2026-11-26T17:00:00.000Z',
  capacity: 12,
  taken: 3,
  languages: ['it'],
  mine: false,
};
const LOST = cardNumberFrom('33334444555');
const yusuf: Me = {
  id: '00000000-0000-4000-8000-0000000000a1',
  email: null,
  name: 'Yusuf El Idrissi',
  role: 'youth',
  language: 'it',
  household: { id: '00000000-0000-4000-8000-0000000000a2', municipio: 6 },
  provider: null,
  hub: null,
};

/** The idle screen's answer for Hub Corvetto, whose staff speak Arabic first. */
function home(person: Me | null = null): KioskHome {
  return {
    kiosk: { id: '00000000-0000-4000-8000-0000000000b1', name: 'Ingresso', language: 'ar' },
    keys: [],
    endedCards: { ids: [], numbers: [LOST] },
    place: null,
    person,
    page: {
      hub: {
        id: HUB,
        name: 'Hub Corvetto',
        address: 'Piazzale Gabriele Rosa 2, Milano',
        municipio: 4,
        lat: 45.44,
        lon: 9.22,
        hours: [],
        languages: ['ar', 'it'],
        accessibility: [],
      },
      events: [],
      nearby: [],
      reached: { year: 2026, youth: 0 },
      budget: { funded: 0, committed: 0, paid: 0, available: 0 },
      rounds: [],
    },
  };
}

describe('a hub’s kiosk', () => {
  useMessages();
  const server = useFakeApi();

  function kiosk() {
    const forgotten: Forgetting[] = [];
    const k = new Kiosk(async (f) => void forgotten.push(f));
    return { k, forgotten };
  }

  it('asks to be enrolled without a credential, and says when it was revoked', async () => {
    server().on('GET /api/kiosk', refusal(401, 'kiosk_required', 'This page works only on a hub’s kiosk.'));
    const { k } = kiosk();
    await k.start();
    expect(k.screen).toBe('enrol');
    server().on('GET /api/kiosk', refusal(401, 'kiosk_revoked', 'This kiosk is no longer active.'));
    await k.start();
    expect(k.screen).toBe('revoked');
  });

  it('shows its hub, or carries on with the person still signed in on it (after a reload in their language)', async () => {
    server().on('GET /api/kiosk', home());
    const { k } = kiosk();
    await k.start();
    expect(k.screen).toBe('idle');
    expect(k.language).toBe('ar');

    server().on('GET /api/kiosk', home(yusuf));
    server().on('GET /api/sync/pull', {
      cursor: 1,
      changes: [{ entity: 'me', id: yusuf.id, data: yusuf }],
      more: false,
      lastSeq: 0,
      rejections: [],
      serverTime: '',
    });
    server().on(`GET /api/hubs/${HUB}`, { ...home().page, events: [event] });
    const again = kiosk().k;
    await again.start();
    expect(again.screen).toBe('person');
    expect(again.person?.name).toBe('Yusuf El Idrissi');
    await vi.waitFor(() => expect(again.data.me?.name).toBe('Yusuf El Idrissi'));
    expect(again.events.map((e) => e.title)).toEqual(['Laboratorio di fumetto']);
  });

  it('sends the person’s change as a phone would, and says why the server refused it', async () => {
    server().on('GET /api/kiosk', home(yusuf));
    server().on('GET /api/sync/pull', { cursor: 1, changes: [], more: false, lastSeq: 0, rejections: [], serverTime: '' });
    server().on(`GET /api/hubs/${HUB}`, { ...home().page, events: [] });
    const { k } = kiosk();
    await k.start();
    const answer = { missionId: '00000000-0000-4000-8000-0000000000e1', step: 0, option: 1 };
    server().on('POST /api/sync/push', ({ body }) => ({
      results: [{ id: (body as { mutations: { id: string }[] }).mutations[0].id, status: 'applied' }],
      lastSeq: 1,
    }));
    expect(await k.mutate('poll.answer', answer)).toBeNull();
    server().on('POST /api/sync/push', ({ body }) => ({
      results: [
        {
          id: (body as { mutations: { id: string }[] }).mutations[0].id,
          status: 'rejected',
          code: 'poll_answered',
          message: 'Already answered.',
        },
      ],
      lastSeq: 2,
    }));
    expect(await k.mutate('poll.answer', answer)).toBe('Already answered.');
    const sent = server()
      .to('POST /api/sync/push')
      .map((r) => r.body as { userId: string; clientId: string; mutations: { seq: number; name: string }[] });
    expect(sent.map((b) => [b.userId, b.mutations[0].seq, b.mutations[0].name])).toEqual([
      [yusuf.id, 1, 'poll.answer'],
      [yusuf.id, 2, 'poll.answer'],
    ]);
    expect(sent[0].clientId).toBe(sent[1].clientId);
  });

  it('forgets the person on leaving, and goes back to the hub’s language', async () => {
    server().on('GET /api/kiosk', home(yusuf));
    server().on('GET /api/sync/pull', { cursor: 1, changes: [], more: false, lastSeq: 0, rejections: [], serverTime: '' });
    server().on(`GET /api/hubs/${HUB}`, { ...home().page, events: [] });
    const { k, forgotten } = kiosk();
    await k.start();
    await k.leave();
    expect(k.person).toBeNull();
    expect(k.data).toEqual({});
    expect(forgotten).toEqual([{ language: 'ar', reload: true }]);
  });

  it('queues a card check-in with no network, refusing a card it knows has ended or a number with a slip', async () => {
    server().on('GET /api/kiosk', home());
    const { k } = kiosk();
    await k.start();
    expect(await k.queueCheckIn(LOST)).toBe(m.error_card_ended());
    expect(await k.queueCheckIn('2222 3333 4441')).toBe(m.field_card());
    expect(await k.queueCheckIn(YUSUF.replace(/(\d{4})/g, '$1 '))).toBeNull();
    expect(k.queued).toHaveLength(1);
    expect(k.queued[0].card).toBe(YUSUF);

    // Still offline: kept. Back online: sent, and each answered one leaves the queue.
    server().offline();
    await k.flush();
    expect(k.queued).toHaveLength(1);
    server().online();
    server().on('POST /api/kiosk/checkins', ({ body }) => ({
      results: (body as { checkins: { id: string }[] }).checkins.map((c) => ({ id: c.id, ok: true })),
    }));
    await k.flush();
    expect(k.queued).toEqual([]);
    expect(k.sent).toEqual({ taken: 1, refused: 0 });
    expect(server().to('POST /api/kiosk/checkins')[0].body).toMatchObject({ checkins: [{ card: YUSUF }] });
  });
});
