import { numberField, type NumberField } from '$lib/state/form.svelte';

/** An opportunity as typed: numbers still as the inputs hold them, a blank hub or category for none chosen. */
export type OpportunityDraft = {
  id: string;
  hubId: string;
  title: string;
  description: string;
  category: string;
  creditPrice: NumberField;
  places: NumberField;
};

/** A new opportunity, its id made on the device (it is known by it before the server has seen it). */
export function emptyOpportunity(hubId = ''): OpportunityDraft {
  return { id: crypto.randomUUID(), hubId, title: '', description: '', category: '', creditPrice: '', places: '1' };
}

/** The draft as `OpportunityInputSchema` reads it: a number that is not one stays NaN, so the schema names the field. */
export function opportunityOf(d: OpportunityDraft) {
  return {
    id: d.id,
    hubId: d.hubId,
    title: d.title,
    description: d.description,
    category: d.category || null,
    creditPrice: numberField(d.creditPrice),
    places: numberField(d.places),
  };
}
