import type { Locale } from '$shared/locale';
import { readEuros } from '$lib/components/calls/format';

/** An idea as typed: the rough cost in euros as written, a blank pillar for none chosen, a group only if ticked. */
export type IdeaDraft = {
  id: string;
  title: string;
  description: string;
  forWhom: string;
  place: string;
  pillar: string;
  cost: string;
  forGroup: boolean;
  groupName: string;
  groupReferent: string;
};

/** A new idea, its id made on the device (sent twice, it is one idea). */
export function emptyIdea(): IdeaDraft {
  return {
    id: crypto.randomUUID(),
    title: '',
    description: '',
    forWhom: '',
    place: '',
    pillar: '',
    cost: '',
    forGroup: false,
    groupName: '',
    groupReferent: '',
  };
}

/** The draft as `IdeaSchema` reads it, written in the person's language. A blank cost is "I don't know" (0). */
export function ideaOf(d: IdeaDraft, roundId: string, language: Locale) {
  return {
    id: d.id,
    roundId,
    title: d.title,
    description: d.description,
    forWhom: d.forWhom,
    place: d.place,
    pillar: d.pillar,
    cost: d.cost.trim() === '' ? 0 : (readEuros(d.cost) ?? NaN),
    language,
    group: d.forGroup ? { name: d.groupName, referent: d.groupReferent } : null,
  };
}
