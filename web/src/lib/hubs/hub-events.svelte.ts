import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState, numberField } from '$lib/state/form.svelte';
import { HubEventInputSchema, type EventKind, type EventLinks, type ManagedEvent } from '$shared/hub-events';
import type { SpokenLanguage } from '$shared/catalogue';
import { instantAt, isoDateIn } from '$shared/dates';

/** An event as its operator types it: a day and two times on Milan's clocks, the places as text. */
export type EventDraft = {
  title: string;
  description: string;
  kind: EventKind;
  day: string;
  starts: string;
  ends: string;
  capacity: string;
  languages: SpokenLanguage[];
  /** What it belongs to among the micro-projects: '' for nothing, `round:<id>` (a co-design meeting) or `project:<id>` (an activity). */
  partOf: string;
};

/** A new event: a workshop next week, in the afternoon, for twenty, in Italian, until the operator says otherwise. */
export function emptyEvent(now: Date = new Date()): EventDraft {
  const day = isoDateIn(new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000));
  return {
    title: '',
    description: '',
    kind: 'workshop',
    day,
    starts: '16:00',
    ends: '18:00',
    capacity: '20',
    languages: ['it'],
    partOf: '',
  };
}

const instant = (day: string, time: string): string => {
  const at = instantAt(day, time);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString();
};

/** The draft as the schema reads it: the day and times as instants, the places as a number. */
export function eventOf(d: EventDraft) {
  return {
    title: d.title,
    description: d.description,
    kind: d.kind,
    startsAt: instant(d.day, d.starts),
    endsAt: instant(d.day, d.ends),
    capacity: numberField(d.capacity),
    languages: d.languages,
    roundId: d.partOf.startsWith('round:') ? d.partOf.slice('round:'.length) : null,
    projectId: d.partOf.startsWith('project:') ? d.partOf.slice('project:'.length) : null,
  };
}

/**
 * A hub's events as its operator runs them: publishing one (checked with the server's schema as it is
 * typed), cancelling one, and taking attendance. Create it while a component starts.
 */
export class HubEventsAdmin {
  /** What a new event may belong to among the hub's micro-projects, read with the events. */
  links = $state<EventLinks>({ rounds: [], projects: [] });
  readonly events = new Resource(async () => {
    const { events, links } = await (await api.hub.events.$get()).json();
    this.links = links;
    return events as ManagedEvent[];
  });
  draft = $state<EventDraft>(emptyEvent());
  readonly form = new FormState(HubEventInputSchema);
  done = $state<string | null>(null);
  error = $state<string | null>(null);

  constructor() {
    $effect(() => this.form.recheck(eventOf({ ...this.draft })));
  }

  async publish(form?: HTMLFormElement): Promise<boolean> {
    this.done = null;
    let published = false;
    await this.form.submit(
      eventOf(this.draft),
      async (input) => {
        await api.hub.events.$post({ json: input });
        this.done = m.hub_events_published();
        this.draft = emptyEvent();
        this.form.reset();
        published = true;
        void this.events.reload();
      },
      form,
    );
    return published;
  }

  /** Marks the holder of a card present (a walk-in gets a place); answers whether it was taken, the page saying who or why not. */
  async attendByCard(event: { id: string }, card: string): Promise<boolean> {
    let taken = false;
    await this.#change(async () => {
      const res = await api.hub.events[':eventId'].attendance.card.$post({ param: { eventId: event.id }, json: { card } });
      this.done = m.hub_event_attend_card_done({ name: (await res.json()).name });
      taken = true;
    });
    return taken;
  }

  cancel(event: { id: string }): Promise<void> {
    return this.#change(() => api.hub.events[':eventId'].cancel.$post({ param: { eventId: event.id }, json: {} }));
  }

  mark(event: { id: string }, userId: string, attended: boolean): Promise<void> {
    return this.#change(() => api.hub.events[':eventId'].attendance.$put({ param: { eventId: event.id }, json: { userId, attended } }));
  }

  async #change(call: () => Promise<unknown>): Promise<void> {
    this.done = null;
    this.error = null;
    try {
      await call();
    } catch (error) {
      this.error = errorText(error);
    }
    await this.events.reload();
  }
}

/** Takes a place at a hub's event, or gives it back. */
export async function takePlace(hubId: string, eventId: string, take: boolean): Promise<void> {
  const at = api.hubs[':id'].events[':eventId'].signup;
  if (take) await at.$post({ param: { id: hubId, eventId }, json: {} });
  else await at.$delete({ param: { id: hubId, eventId } });
}
