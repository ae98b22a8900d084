import * as v from 'valibot';
import { api } from '$lib/services/api';
import { session } from '$lib/state/session.svelte';
import { FormState } from '$lib/state/form.svelte';
import { PinTwiceSchema } from '$lib/household/cards.svelte';
import { CardSignInSchema, DeskCardSchema, FamilyQuerySchema, type CardView, type DeskFamily } from '$shared/cards';

/**
 * The hub's desk as its operator runs it: help a family that hands over its guardian card and PIN
 * (the browser then acts for the family), or find a family by its guardian's email and issue a card
 * once the person's identity is checked. Create it while a component starts.
 */
export class HubDesk {
  card = $state('');
  pin = $state('');
  readonly assistForm = new FormState(CardSignInSchema);

  email = $state('');
  readonly findForm = new FormState(FamilyQuerySchema);
  family = $state<DeskFamily | null>(null);
  /** The email the family was found by: the card is issued for that family, whatever is typed since. */
  foundBy = $state('');

  person = $state('');
  newPin = $state('');
  again = $state('');
  identityChecked = $state(false);
  readonly cardForm = new FormState(v.intersect([DeskCardSchema, PinTwiceSchema]));
  issued = $state<CardView | null>(null);

  constructor() {
    $effect(() => this.assistForm.recheck({ card: this.card, pin: this.pin }));
    $effect(() => this.cardForm.recheck(this.#cardValues()));
  }

  #cardValues() {
    return { email: this.foundBy, person: this.person, pin: this.newPin, again: this.again, identityChecked: this.identityChecked };
  }

  assist(form?: HTMLFormElement): Promise<void> {
    return this.assistForm.submit({ card: this.card, pin: this.pin }, (input) => session.startAssist(input.card, input.pin), form);
  }

  async find(form?: HTMLFormElement): Promise<void> {
    this.issued = null;
    await this.findForm.submit(
      { email: this.email },
      async (input) => {
        this.family = null;
        this.family = (await (await api.hub.desk.families.$get({ query: { email: input.email } })).json()).family;
        this.foundBy = input.email;
        this.person = this.family.people.find((p) => p.mayHold && !p.card)?.person ?? '';
        this.cardForm.reset();
      },
      form,
    );
  }

  async issue(form?: HTMLFormElement): Promise<void> {
    await this.cardForm.submit(
      this.#cardValues(),
      async ({ email, person, pin, identityChecked }) => {
        this.issued = (await (await api.hub.desk.cards.$post({ json: { email, person, pin, identityChecked } })).json()).card;
        this.newPin = '';
        this.again = '';
        this.identityChecked = false;
        this.cardForm.reset();
        this.family = (await (await api.hub.desk.families.$get({ query: { email } })).json()).family;
      },
      form,
    );
  }
}
