import { api } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { MissionInputSchema } from '$shared/missions';
import { missionOf, type MissionDraft } from './mission-draft';

/**
 * The missions the city or a hub curates: the list (recent, running and coming) and the form for a
 * new one, checked with the server's schema as it is typed. `fresh` makes an empty draft.
 * Create it while a component starts: the draft is checked again on every change.
 */
export class MissionsAdmin {
  readonly list = new Resource(async () => await (await api.missions.$get()).json());
  draft = $state<MissionDraft>() as MissionDraft;
  readonly form = new FormState(MissionInputSchema);
  /** The mission just created, in words. */
  created = $state<string | null>(null);

  constructor(private readonly fresh: () => MissionDraft) {
    this.draft = fresh();
    // A deep copy read on every run: a change anywhere in the nested draft (a step, a poll's answer) re-checks it.
    $effect(() => this.form.recheck($state.snapshot(missionOf(this.draft))));
  }

  /** Checks and sends the draft; true once the mission exists (the list is then read again). */
  async create(form?: HTMLFormElement): Promise<boolean> {
    this.created = null;
    let done = false;
    await this.form.submit(
      missionOf(this.draft),
      async (input) => {
        await api.missions.$post({ json: input });
        this.draft = this.fresh();
        this.form.reset();
        this.created = m.missions_admin_created({ title: input.title.it });
        done = true;
        void this.list.reload();
      },
      form,
    );
    return done;
  }
}
