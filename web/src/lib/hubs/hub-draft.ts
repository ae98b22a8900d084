import type { HubInput, OpeningSpan, PublicHub } from '$shared/hubs';
import { numberField } from '$lib/state/form.svelte';

/** A hub as the city types it: the municipio, the coordinates and each span's day still text until sent. */
export type HubDraft = Omit<HubInput, 'municipio' | 'lat' | 'lon' | 'hours'> & {
  municipio: string;
  lat: string;
  lon: string;
  hours: { day: string; opens: string; closes: string }[];
};

/** A new hub: open on weekday afternoons until the city says otherwise, staff speaking Italian. */
export function emptyHub(): HubDraft {
  return {
    name: '',
    address: '',
    municipio: '',
    lat: '',
    lon: '',
    hours: [1, 2, 3, 4, 5].map((day) => ({ day: String(day), opens: '15:00', closes: '19:00' })),
    languages: ['it'],
    accessibility: [],
  };
}

export function hubDraft(hub: PublicHub): HubDraft {
  return {
    name: hub.name,
    address: hub.address,
    municipio: String(hub.municipio),
    lat: hub.lat === null ? '' : String(hub.lat),
    lon: hub.lon === null ? '' : String(hub.lon),
    hours: hub.hours.map((span) => ({ day: String(span.day), opens: span.opens, closes: span.closes })),
    languages: [...hub.languages],
    accessibility: [...hub.accessibility],
  };
}

/** The draft as the schema reads it: text that is not a number stays NaN, so the schema names the field. */
export function hubOf(d: HubDraft) {
  return {
    ...d,
    municipio: d.municipio ? Number(d.municipio) : undefined,
    lat: numberField(d.lat),
    lon: numberField(d.lon),
    hours: d.hours.map((span) => ({ ...span, day: Number(span.day) as OpeningSpan['day'] })),
  };
}
