import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { InviteOperatorSchema, type HubStaff } from '$shared/hubs';

/**
 * Who works at one hub, as the city manages it: the operators (each can be removed) and the invitations
 * waiting for an answer (each can be withdrawn), and the form that invites someone. The invitation's
 * link is shown once, to send to the person. Create it while a component starts.
 */
export class HubStaffManager {
  readonly staff: Resource<HubStaff>;
  invitee = $state({ name: '', email: '' });
  readonly form = new FormState(InviteOperatorSchema);
  /** The link just made, to send to the person (it is not shown again). */
  link = $state<string | null>(null);
  /** What just happened, in words, and what went wrong with a removal or a withdrawal. */
  done = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The operator or invitation being removed, while the server answers. */
  busy = $state<string | null>(null);

  constructor(
    private readonly hubId: string,
    private readonly origin: string,
  ) {
    this.staff = new Resource(async () => await (await api.city.hubs[':id'].operators.$get({ param: { id: hubId } })).json());
    $effect(() => this.form.recheck({ ...this.invitee }));
  }

  async invite(form?: HTMLFormElement): Promise<boolean> {
    this.link = null;
    this.done = null;
    let sent = false;
    await this.form.submit(
      { ...this.invitee },
      async (input) => {
        const { path } = await (await api.city.hubs[':id'].operators.$post({ param: { id: this.hubId }, json: input })).json();
        this.link = new URL(path, this.origin).href;
        this.done = m.hub_staff_invited({ name: input.name });
        this.invitee = { name: '', email: '' };
        this.form.reset();
        sent = true;
        void this.staff.reload();
      },
      form,
    );
    return sent;
  }

  async remove(operator: { id: string; name: string }): Promise<void> {
    await this.#change(operator.id, m.hub_staff_removed({ name: operator.name }), () =>
      api.city.hubs[':id'].operators[':userId'].$delete({ param: { id: this.hubId, userId: operator.id } }),
    );
  }

  async withdraw(invitation: { id: string; name: string }): Promise<void> {
    await this.#change(invitation.id, m.hub_staff_withdrawn({ name: invitation.name }), () =>
      api.city.hubs[':id'].invitations[':invitationId'].$delete({ param: { id: this.hubId, invitationId: invitation.id } }),
    );
  }

  async #change(id: string, said: string, call: () => Promise<unknown>): Promise<void> {
    this.busy = id;
    this.done = null;
    this.error = null;
    try {
      await call();
      this.done = said;
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = null;
      await this.staff.reload();
    }
  }
}
