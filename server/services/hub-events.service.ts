import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/hub-events';
import { lockHub } from '../store/hubs';
import { audit } from '../store/accounts';
import { isoDateIn, startOfDay } from '$shared/dates';
import type { EventLinks, HubEvent, HubEventInput, ManagedEvent } from '$shared/hub-events';
import type { CardRow } from '../store/cards';

/** How a card is read (the cards service's): a QR must carry the server's signature, a number is looked up. */
type FindCard = (text: string) => Promise<Result<{ card: CardRow | null }, 'card_invalid'>>;
/** How play is judged again after something a young person did (the game service's). */
type Evaluate = (tx: Queryable, userId: string) => Promise<void>;

/** How far back an operator's list of events reaches, to take late attendance: our figure. */
const MANAGED_DAYS_BACK = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A hub's events: its operator publishes and cancels them and takes attendance; young people and
 * families take a place (while the event has not started and has room) and give it back.
 */
export function createHubEventsService(db: Db, clock: Clock, findCard: FindCard, evaluate: Evaluate) {
  return {
    upcoming: (hubId: string, viewerId: string | null): Promise<HubEvent[]> => store.upcomingEvents(db, hubId, clock.now(), viewerId),

    /** What a new event may belong to: the hub's rounds (co-design meetings) and funded projects (their activities). */
    links: (hubId: string): Promise<EventLinks> => store.linkable(db, hubId, isoDateIn(clock.now())),

    managed: (hubId: string): Promise<ManagedEvent[]> =>
      store.managedEvents(db, hubId, new Date(clock.now().getTime() - MANAGED_DAYS_BACK * DAY_MS)),

    /** The young people the hub reached this calendar year in Milan (events attended, check-ins). */
    async reachedThisYear(hubId: string): Promise<{ year: number; youth: number }> {
      const year = Number(isoDateIn(clock.now()).slice(0, 4));
      return { year, youth: await store.youngReached(db, hubId, startOfDay(`${year}-01-01`), startOfDay(`${year + 1}-01-01`)) };
    },

    async publish(
      hubId: string,
      input: HubEventInput,
      by: string,
    ): Promise<Result<{ id: string }, 'hub_not_found' | 'hub_closed' | 'event_in_past' | 'round_not_found' | 'project_not_found'>> {
      return db.transaction(async (tx) => {
        const hub = await lockHub(tx, hubId);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        // A meeting or an activity of the micro-projects is of this hub's own.
        if ((input.roundId || input.projectId) && (await store.linkedHub(tx, input)) !== hubId)
          return { ok: false, code: input.roundId ? 'round_not_found' : 'project_not_found' } as const;
        const now = clock.now();
        if (Date.parse(input.startsAt) <= now.getTime()) return { ok: false, code: 'event_in_past' } as const;
        const id = await store.insertEvent(tx, hubId, input, by, now);
        await audit(tx, { at: now, actorId: by, action: 'publish_event', objectType: 'hub_event', objectId: id });
        return { ok: true, id } as const;
      });
    },

    async cancel(hubId: string, eventId: string, by: string): Promise<Result<object, 'event_not_found' | 'event_closed'>> {
      return db.transaction(async (tx) => {
        const event = await store.lockEvent(tx, eventId);
        if (!event || event.hubId !== hubId) return { ok: false, code: 'event_not_found' } as const;
        if (event.cancelledAt) return { ok: false, code: 'event_closed' } as const;
        const now = clock.now();
        await store.cancelEvent(tx, eventId, now);
        await audit(tx, { at: now, actorId: by, action: 'cancel_event', objectType: 'hub_event', objectId: eventId });
        return { ok: true } as const;
      });
    },

    /** Takes a place; taking it again changes nothing. */
    async signUp(eventId: string, userId: string): Promise<Result<object, 'event_not_found' | 'event_closed' | 'event_full'>> {
      return db.transaction(async (tx) => {
        const event = await store.lockEvent(tx, eventId);
        if (!event) return { ok: false, code: 'event_not_found' } as const;
        if (event.cancelledAt || event.hubClosedAt || event.startsAt.getTime() <= clock.now().getTime())
          return { ok: false, code: 'event_closed' } as const;
        // Someone who already has a place keeps it, full or not.
        if (await store.hasSignup(tx, eventId, userId)) return { ok: true } as const;
        if (event.taken >= event.capacity) return { ok: false, code: 'event_full' } as const;
        await store.addSignup(tx, eventId, userId, clock.now());
        return { ok: true } as const;
      });
    },

    /** Gives the place back before the event starts. */
    async withdraw(eventId: string, userId: string): Promise<Result<object, 'event_not_found' | 'event_closed' | 'signup_not_found'>> {
      return db.transaction(async (tx) => {
        const event = await store.lockEvent(tx, eventId);
        if (!event) return { ok: false, code: 'event_not_found' } as const;
        if (event.startsAt.getTime() <= clock.now().getTime()) return { ok: false, code: 'event_closed' } as const;
        return (await store.removeSignup(tx, eventId, userId))
          ? ({ ok: true } as const)
          : ({ ok: false, code: 'signup_not_found' } as const);
      });
    },

    async attendance(
      hubId: string,
      eventId: string,
      userId: string,
      attended: boolean,
      by: string,
    ): Promise<Result<object, 'event_not_found' | 'signup_not_found'>> {
      return db.transaction(async (tx) => {
        const event = await store.lockEvent(tx, eventId);
        if (!event || event.hubId !== hubId) return { ok: false, code: 'event_not_found' } as const;
        const now = clock.now();
        if (!(await store.markAttendance(tx, eventId, userId, attended ? now : null)))
          return { ok: false, code: 'signup_not_found' } as const;
        // Co-design counts toward missions and badges.
        if (attended && event.kind === 'codesign') await evaluate(tx, userId);
        await audit(tx, {
          at: now,
          actorId: by,
          action: attended ? 'mark_attended' : 'unmark_attended',
          objectType: 'hub_event',
          objectId: eventId,
          details: { user: userId },
        });
        return { ok: true } as const;
      });
    },

    /**
     * Attendance by card, from the day the event starts until the operator's list no longer shows it:
     * the holder is marked present. Someone who came without a place takes one if there is room; once
     * the event is under way (no one else may take a place then) they are added even to a full room,
     * which grows to hold them: they are there.
     */
    async attendByCard(
      hubId: string,
      eventId: string,
      cardText: string,
      by: string,
    ): Promise<
      Result<{ name: string }, 'card_invalid' | 'card_ended' | 'event_not_found' | 'event_closed' | 'event_not_started' | 'event_full'>
    > {
      const found = await findCard(cardText);
      if (!found.ok) return found;
      const { card } = found;
      // A number no card has was not issued by us: said so, as for a forged QR.
      if (!card) return { ok: false, code: 'card_invalid' };
      if (card.ended_at) return { ok: false, code: 'card_ended' };
      return db.transaction(async (tx) => {
        const event = await store.lockEvent(tx, eventId);
        if (!event || event.hubId !== hubId) return { ok: false, code: 'event_not_found' } as const;
        const now = clock.now();
        if (event.cancelledAt || event.hubClosedAt || event.startsAt.getTime() < now.getTime() - MANAGED_DAYS_BACK * DAY_MS)
          return { ok: false, code: 'event_closed' } as const;
        if (isoDateIn(event.startsAt) > isoDateIn(now)) return { ok: false, code: 'event_not_started' } as const;
        const started = event.startsAt.getTime() <= now.getTime();
        let walkIn = false;
        if (!(await store.hasSignup(tx, eventId, card.user_id))) {
          if (!started && event.taken >= event.capacity) return { ok: false, code: 'event_full' } as const;
          walkIn = await store.addSignup(tx, eventId, card.user_id, now, started);
        }
        await store.markAttendance(tx, eventId, card.user_id, now);
        if (event.kind === 'codesign') await evaluate(tx, card.user_id);
        await audit(tx, {
          at: now,
          actorId: by,
          action: 'mark_attended',
          objectType: 'hub_event',
          objectId: eventId,
          details: { user: card.user_id, card: card.id, walkIn },
        });
        return { ok: true, name: card.holder } as const;
      });
    },
  };
}

export type HubEventsService = ReturnType<typeof createHubEventsService>;
