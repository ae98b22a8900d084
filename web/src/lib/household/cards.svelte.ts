import * as v from 'valibot';
import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { IssueCardSchema, mayHoldCard, PinSchema, type CardView } from '$shared/cards';
import type { Household } from '$shared/household';
import type { PublicHub } from '$shared/hubs';
import { ageOn } from '$shared/dates';

/** Who may get a card: the guardian, and each child of 11 to 17. */
export function cardHolders(household: Pick<Household, 'minors'>, today: string): { id: string; name: string }[] {
  return household.minors
    .filter((minor) => mayHoldCard(ageOn(minor.birthDate, today)))
    .map((minor) => ({ id: minor.id, name: minor.name }));
}

/** The hub a family would go to first: one in its municipio, else the first open. */
export const nearestHub = (hubs: PublicHub[], municipio: number): PublicHub | null =>
  hubs.find((h) => h.municipio === municipio) ?? hubs[0] ?? null;

/** A PIN typed twice, the same both times (the person cannot see what they typed). */
export const PinTwiceSchema = v.pipe(
  v.object({ pin: PinSchema, again: v.string() }),
  v.forward(
    v.check((input) => input.pin === input.again, 'field_pin_again'),
    ['again'],
  ),
);

/**
 * A household's cards as the guardian runs them (online: a card is signed by the server): issuing one
 * for themselves or a child with its first PIN, printing it, reporting it lost, revoking it, changing
 * its PIN. Create it while a component starts.
 */
export class HouseholdCards {
  readonly data = new Resource(async () => {
    const [cards, household, hubs] = await Promise.all([
      api.household.cards.$get().then(async (r) => (await r.json()).cards as CardView[]),
      api.household.$get().then(async (r) => (await r.json()).household as Household),
      api.hubs.$get().then(async (r) => (await r.json()).hubs as PublicHub[]),
    ]);
    return { cards, household, hubs };
  });
  person = $state('me');
  hubId = $state('');
  pin = $state('');
  again = $state('');
  readonly form = new FormState(v.intersect([IssueCardSchema, PinTwiceSchema]));
  /** The card just issued, shown to print. */
  issued = $state<CardView | null>(null);
  done = $state<string | null>(null);
  error = $state<string | null>(null);

  constructor() {
    $effect(() => this.form.recheck(this.#values()));
  }

  #values() {
    return { person: this.person, hubId: this.hubId, pin: this.pin, again: this.again };
  }

  async issue(form?: HTMLFormElement): Promise<void> {
    this.done = null;
    await this.form.submit(
      this.#values(),
      async (input) => {
        const res = await api.household.cards.$post({ json: { person: input.person, hubId: input.hubId, pin: input.pin } });
        this.issued = (await res.json()).card;
        this.pin = '';
        this.again = '';
        this.form.reset();
        await this.data.reload();
      },
      form,
    );
  }

  /** Lost or revoked: the card stops working everywhere at once. */
  async end(card: CardView, reason: 'lost' | 'revoked'): Promise<void> {
    await this.#change(async () => {
      await api.household.cards[':id'].end.$post({ param: { id: card.id }, json: { reason } });
      this.done = reason === 'lost' ? m.cards_reported_lost({ name: card.holder }) : m.cards_revoked_done({ name: card.holder });
      if (this.issued?.id === card.id) this.issued = null;
    });
  }

  async changePin(card: CardView, pin: string): Promise<void> {
    await this.#change(async () => {
      await api.household.cards[':id'].pin.$put({ param: { id: card.id }, json: { pin } });
      this.done = m.cards_pin_changed({ name: card.holder });
    });
  }

  async #change(work: () => Promise<void>): Promise<void> {
    this.error = null;
    this.done = null;
    try {
      await work();
    } catch (error) {
      this.error = errorText(error);
    }
    await this.data.reload();
  }
}
