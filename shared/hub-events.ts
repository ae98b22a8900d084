import * as v from 'valibot';
import { CardSchema } from './cards';
import { IdSchema, TrimmedText } from './validation';
import type { SpokenLanguage, Text } from './catalogue';
import { SpokenLanguagesSchema } from './offer';

/**
 * What a hub runs besides its opening hours: workshops, co-design meetings of the micro-projects, open
 * days. Operators publish them with a capacity; young people and families sign up; the operator takes
 * attendance. A hub counts the young people it reached in a year from attendance and check-ins.
 */
export const EVENT_KINDS = ['workshop', 'codesign', 'open_day'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The most people one event takes: a hub's hall, our figure. */
export const MAX_EVENT_CAPACITY = 200;

const instant = (message: string) => v.pipe(v.string(message), v.isoTimestamp(message));

export const HubEventInputSchema = v.pipe(
  v.object({
    title: TrimmedText(3, 120, 'field_event_title'),
    description: TrimmedText(0, 1000, 'field_event_description'),
    kind: v.picklist(EVENT_KINDS, 'field_event_kind'),
    startsAt: instant('field_event_starts'),
    endsAt: instant('field_event_ends'),
    capacity: v.pipe(
      v.number('field_event_capacity'),
      v.integer('field_event_capacity'),
      v.minValue(1, 'field_event_capacity'),
      v.maxValue(MAX_EVENT_CAPACITY, 'field_event_capacity'),
    ),
    languages: SpokenLanguagesSchema,
    /** A co-design meeting of one of the hub's micro-project rounds. */
    roundId: v.optional(v.nullable(IdSchema('field_event_round')), null),
    /** An activity of one of the hub's funded micro-projects. */
    projectId: v.optional(v.nullable(IdSchema('field_event_project')), null),
  }),
  v.forward(
    v.check((event) => event.roundId === null || event.projectId === null, 'field_event_project'),
    ['projectId'],
  ),
  v.forward(
    v.check((event) => event.roundId === null || event.kind === 'codesign', 'field_event_round'),
    ['roundId'],
  ),
  v.forward(
    v.check((event) => Date.parse(event.endsAt) > Date.parse(event.startsAt), 'field_event_ends'),
    ['endsAt'],
  ),
);
export type HubEventInput = v.InferOutput<typeof HubEventInputSchema>;

/** An event as anyone sees it on the hub's page. */
export type HubEvent = {
  id: string;
  hubId: string;
  title: string;
  description: string;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  capacity: number;
  taken: number;
  languages: SpokenLanguage[];
  /** The micro-project round it is a co-design meeting of, or the project it is an activity of. */
  roundId: string | null;
  projectId: string | null;
  /** Whether the person asking has a place (false when no one is signed in). */
  mine: boolean;
};

/** One person signed up, as the hub's operator sees them when taking attendance. */
export type EventSignup = { userId: string; name: string; role: 'youth' | 'guardian'; attended: boolean };

/** An event as its hub's operator manages it: with who signed up. */
export type ManagedEvent = HubEvent & { cancelledAt: string | null; signups: EventSignup[] };

/** What a hub's new event may belong to: its rounds not yet closed (for co-design meetings), and their funded projects still running. */
export type EventLinks = { rounds: { id: string; title: Text }[]; projects: { id: string; title: Text }[] };

/** Seats still free. */
export const seatsLeft = (event: Pick<HubEvent, 'capacity' | 'taken'>): number => Math.max(0, event.capacity - event.taken);

/** Attendance taken by card: the card's number as typed, or its QR as scanned. */
export const CardAttendanceSchema = v.object({ card: CardSchema });

/** Attendance as the operator marks it: who came. */
export const AttendanceSchema = v.object({
  userId: v.pipe(v.string('field_user_id'), v.uuid('field_user_id'), v.toLowerCase()),
  attended: v.boolean('field_attended'),
});
