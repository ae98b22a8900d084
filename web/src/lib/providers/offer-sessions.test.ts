import { describe, expect, it } from 'vitest';
import { m, t } from '$lib/i18n';
import type { ProviderOffer } from '$shared/offer';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aProviderOffer, aSession } from '../../../../tests/support/offers';
import { OfferSessions } from './offer-sessions.svelte';

const offer = aProviderOffer();
const SESSIONS = `/api/provider/offers/${offer.id}/sessions` as const;
const session = offer.sessions[0];

describe("an offer's sessions, as its provider manages them", () => {
  useMessages();
  const server = useFakeApi();

  function managing() {
    const shown: ProviderOffer[] = [];
    return {
      sessions: new OfferSessions(
        () => offer,
        (current) => void shown.push(current),
        new Date('2026-11-25T10:00:00Z'),
      ),
      shown,
    };
  }

  it('proposes four weekly sessions of an hour from tomorrow, at five, for twelve', () => {
    const { sessions } = managing();
    expect(sessions.values()).toEqual({ firstDate: '2026-11-26', time: '17:00', minutes: 60, weeks: 4, capacity: 12 });
  });

  it('adds the run of sessions, says how many, and shows the offer as the server has it', async () => {
    const { sessions, shown } = managing();
    const updated = aProviderOffer({ sessions: [session, aSession({ id: 's2' })] });
    server().on(`POST ${SESSIONS}`, { offer: updated, added: 4 });
    sessions.run.weeks = '6';
    await sessions.add();
    expect(server().to(`POST ${SESSIONS}`)[0].body).toEqual({
      firstDate: '2026-11-26',
      time: '17:00',
      minutes: 60,
      weeks: 6,
      capacity: 12,
    });
    expect(shown).toEqual([updated]);
    expect(sessions.added).toBe(m.sessions_added({ count: 4 }));
  });

  it('sends nothing with a number out of range, and names the field', async () => {
    const { sessions } = managing();
    sessions.run.capacity = '0';
    sessions.run.minutes = '';
    await sessions.add();
    expect(server().sent).toEqual([]);
    expect(sessions.form.errors).toEqual({ capacity: t('field_capacity'), minutes: t('field_minutes') });
  });

  it('calls a session off after a second press, saying how many bookings were released', async () => {
    const { sessions, shown } = managing();
    sessions.confirm(session.id);
    expect(sessions.confirming).toBe(session.id);
    const updated = aProviderOffer({ sessions: [{ ...session, status: 'cancelled' }] });
    server().on(`POST ${SESSIONS}/${session.id}/cancel`, { offer: updated, released: 3 });
    const calling = sessions.callOff(session.id);
    expect(sessions.busy).toBe(true);
    await calling;
    expect(server().to(`POST ${SESSIONS}/${session.id}/cancel`)[0].body).toEqual({});
    expect(shown).toEqual([updated]);
    expect(sessions.added).toBe(m.sessions_called_off({ count: 3 }));
    expect(sessions.confirming).toBeNull();
    expect(sessions.busy).toBe(false);
  });

  it('says why a session could not be called off, and closes the question', async () => {
    const { sessions, shown } = managing();
    sessions.confirm(session.id);
    server().on(`POST ${SESSIONS}/${session.id}/cancel`, refusal(409, 'session_started', 'It has already started.'));
    await sessions.callOff(session.id);
    expect(sessions.problem).toBe('It has already started.');
    expect(shown).toEqual([]);
    expect(sessions.confirming).toBeNull();
  });
});
