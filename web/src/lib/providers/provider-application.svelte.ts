import { api } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { ApplicationSchema, type ProviderRecord } from '$shared/provider';
import { applicationOf, draftOf, type ApplicationDraft } from './application-draft.svelte';

/**
 * A provider's own application to the programme: its file, and changing it and sending it again
 * while the city allows. Create it while a component starts: the draft is checked on every change.
 */
export class ProviderApplication {
  readonly application: Resource<ProviderRecord>;
  /** The application as typed, from the file once it is loaded. */
  draft = $state<ApplicationDraft | null>(null);
  saved = $state(false);
  readonly form = new FormState(ApplicationSchema);

  constructor() {
    this.application = new Resource(async () => {
      const { provider } = await (await api.provider.application.$get()).json();
      this.draft ??= draftOf(provider);
      return provider;
    });
    // A deep copy read on every run: a change anywhere in the nested draft re-checks it.
    $effect(() => {
      if (this.draft) this.form.recheck(applicationOf($state.snapshot(this.draft)));
    });
  }

  /** Sends the application again; the file and the draft then show it as the server has it. */
  async save(form?: HTMLFormElement): Promise<void> {
    if (!this.draft) return;
    this.saved = false;
    await this.form.submit(
      applicationOf(this.draft),
      async (input) => {
        const { provider } = await (await api.provider.application.$put({ json: input })).json();
        this.application.data = provider;
        this.draft = draftOf(provider);
        this.saved = true;
        this.form.reset();
      },
      form,
    );
  }
}
