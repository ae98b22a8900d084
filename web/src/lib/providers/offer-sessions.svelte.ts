import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { FormState } from '$lib/state/form.svelte';
import { isoDateIn } from '$shared/dates';
import { SessionsInputSchema, type ProviderOffer } from '$shared/offer';

const DAY_MS = 86_400_000;

/**
 * An offer's sessions as its provider manages them: adding weekly runs of them (from tomorrow, by
 * default), and calling one off once confirmed (its bookings are released). `offer` is the offer as
 * shown now; `changed` gets it back as the server has it after each change.
 * Create it while a component starts: the form is checked again as the person types.
 */
export class OfferSessions {
  /** The run of sessions to add, as typed. */
  run = $state({ firstDate: '', time: '17:00', minutes: '60', weeks: '4', capacity: '12' });
  readonly form = new FormState(SessionsInputSchema);
  /** What the last change did, in words. */
  added = $state<string | null>(null);
  /** The session about to be called off: a second press confirms, with what it will do said first. */
  confirming = $state<string | null>(null);
  problem = $state<string | null>(null);
  busy = $state(false);

  constructor(
    private readonly offer: () => ProviderOffer,
    private readonly changed: (offer: ProviderOffer) => void,
    now: Date = new Date(),
  ) {
    this.run.firstDate = isoDateIn(new Date(now.getTime() + DAY_MS));
    $effect(() => this.form.recheck(this.values()));
  }

  values() {
    return { ...this.run, minutes: Number(this.run.minutes), weeks: Number(this.run.weeks), capacity: Number(this.run.capacity) };
  }

  async add(form?: HTMLFormElement): Promise<void> {
    this.added = null;
    await this.form.submit(
      this.values(),
      async (json) => {
        const body = await (await api.provider.offers[':id'].sessions.$post({ param: { id: this.offer().id }, json })).json();
        this.changed(body.offer);
        this.added = m.sessions_added({ count: body.added });
        this.form.reset();
      },
      form,
    );
  }

  /** Asks for a second press before calling a session off. */
  confirm(sessionId: string | null): void {
    this.confirming = sessionId;
  }

  async callOff(sessionId: string): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      const param = { id: this.offer().id, sessionId };
      const body = await (await api.provider.offers[':id'].sessions[':sessionId'].cancel.$post({ param, json: {} })).json();
      this.changed(body.offer);
      this.added = m.sessions_called_off({ count: body.released });
    } catch (error) {
      this.problem = errorText(error);
    } finally {
      this.busy = false;
      this.confirming = null;
    }
  }
}
