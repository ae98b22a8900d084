import { api } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { session } from '$lib/state/session.svelte';
import { currentLocale } from '$lib/i18n';
import { AcceptInvitationSchema, type InvitationView } from '$shared/hubs';
import type { Locale } from '$shared/locale';

/**
 * An invitation to work at a hub, opened from its link: what it says, and the answer (a password and a
 * language of one's own), after which the person is signed in at the hub's home.
 */
export class InvitationAnswer {
  readonly invitation: Resource<InvitationView>;
  password = $state('');
  language = $state<Locale>(currentLocale());
  readonly form = new FormState(AcceptInvitationSchema);

  constructor(private readonly token: string) {
    this.invitation = new Resource(async () => (await (await api.invitations[':token'].$get({ param: { token } })).json()).invitation);
    $effect(() => this.form.recheck({ password: this.password, language: this.language }));
  }

  accept(form?: HTMLFormElement): Promise<void> {
    return this.form.submit({ password: this.password, language: this.language }, (input) => session.joinHub(this.token, input), form);
  }
}
