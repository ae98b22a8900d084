import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { HubInputSchema, type CityHub } from '$shared/hubs';
import { emptyHub, hubDraft, hubOf, type HubDraft } from './hub-draft';

/**
 * The city's hubs: every hub, open ones first, and the form that opens a new one, checked with the
 * server's schema as it is typed. Create it while a component starts.
 */
export class CityHubs {
  readonly list = new Resource(async () => (await (await api.city.hubs.$get()).json()).hubs);
  draft = $state<HubDraft>(emptyHub());
  readonly form = new FormState(HubInputSchema);
  /** The hub just opened, in words. */
  opened = $state<string | null>(null);

  constructor() {
    $effect(() => this.form.recheck(hubOf($state.snapshot(this.draft))));
  }

  async open(form?: HTMLFormElement): Promise<boolean> {
    this.opened = null;
    let done = false;
    await this.form.submit(
      hubOf(this.draft),
      async (input) => {
        const { hub } = await (await api.city.hubs.$post({ json: input })).json();
        this.opened = m.city_hub_opened({ name: hub.name });
        this.draft = emptyHub();
        this.form.reset();
        done = true;
        void this.list.reload();
      },
      form,
    );
    return done;
  }
}

/** One hub as the city manages it: its details to change, and closing it for good. */
export class HubManager {
  readonly hub: Resource<CityHub>;
  draft = $state<HubDraft | null>(null);
  readonly form = new FormState(HubInputSchema);
  /** What just happened, in words. */
  done = $state<string | null>(null);
  closing = $state(false);
  closeError = $state<string | null>(null);

  constructor(private readonly id: string) {
    this.hub = new Resource(async () => {
      const { hub } = await (await api.city.hubs[':id'].$get({ param: { id } })).json();
      this.draft = hubDraft(hub);
      return hub;
    });
    $effect(() => {
      if (this.draft) this.form.recheck(hubOf($state.snapshot(this.draft)));
    });
  }

  async save(form?: HTMLFormElement): Promise<void> {
    if (!this.draft) return;
    this.done = null;
    await this.form.submit(
      hubOf(this.draft),
      async (input) => {
        const { hub } = await (await api.city.hubs[':id'].$put({ param: { id: this.id }, json: input })).json();
        this.hub.data = hub;
        this.draft = hubDraft(hub);
        this.form.reset();
        this.done = m.city_hub_saved();
      },
      form,
    );
  }

  async close(): Promise<void> {
    this.done = null;
    this.closeError = null;
    this.closing = true;
    try {
      const { hub } = await (await api.city.hubs[':id'].close.$post({ param: { id: this.id }, json: {} })).json();
      this.hub.data = hub;
      this.done = m.city_hub_closed({ name: hub.name });
    } catch (error) {
      this.closeError = errorText(error);
      await this.hub.reload();
    } finally {
      this.closing = false;
    }
  }
}
