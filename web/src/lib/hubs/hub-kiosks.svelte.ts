import { api, errorText } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { NewEnrolmentSchema, type EnrolmentView, type KioskView } from '$shared/kiosk';

/** The address a device opens to be enrolled with a code: what the operator's QR carries. */
export const enrolmentUrl = (origin: string, code: string): string => `${origin}/kiosk?code=${encodeURIComponent(code)}`;

/**
 * A hub's kiosks as its operator runs them: the enrolled devices with when each was last seen, a new
 * one-time code for a device, and revoking one. Create it while a component starts.
 */
export class HubKiosks {
  readonly kiosks = new Resource(async () => (await (await api.hub.kiosks.$get()).json()).kiosks as KioskView[]);
  name = $state('');
  readonly form = new FormState(NewEnrolmentSchema);
  /** The code just made, shown until it is used or the page is left. */
  enrolment = $state<EnrolmentView | null>(null);
  error = $state<string | null>(null);

  constructor() {
    $effect(() => this.form.recheck({ name: this.name }));
  }

  async newCode(form?: HTMLFormElement): Promise<void> {
    await this.form.submit(
      { name: this.name },
      async (input) => {
        this.enrolment = (await (await api.hub.kiosks.enrolments.$post({ json: input })).json()).enrolment;
        this.name = '';
        this.form.reset();
      },
      form,
    );
  }

  async revoke(kiosk: { id: string }): Promise<void> {
    this.error = null;
    try {
      await api.hub.kiosks[':id'].revoke.$post({ param: { id: kiosk.id }, json: {} });
    } catch (error) {
      this.error = errorText(error);
    }
    await this.kiosks.reload();
  }
}
