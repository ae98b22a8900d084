import { api } from '$lib/services/api';
import { currentLocale, m } from '$lib/i18n';
import { localized } from '$shared/localized';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { RoundInputSchema, type HubBudget, type PlannedRound, type Round, type RoundInput } from '$shared/micro-projects';
import { draftOf, emptyRound, roundOf, type RoundDraft } from './round-draft';

/** Whose rounds: the city plans for any hub, an operator for their own. */
export type RoundsScope = { kind: 'city'; hubId: string } | { kind: 'hub' };

type RoundsView = { rounds: Round[]; budget: HubBudget; planned: PlannedRound[] };

function client(scope: RoundsScope) {
  if (scope.kind === 'city') {
    const param = { id: scope.hubId };
    return {
      list: async () => (await api.city.hubs[':id'].rounds.$get({ param })).json(),
      budget: async () => (await api.city.hubs[':id'].budget.$get({ param })).json(),
      create: async (json: RoundInput) => (await api.city.hubs[':id'].rounds.$post({ param, json })).json(),
      update: async (roundId: string, json: RoundInput) =>
        (await api.city.hubs[':id'].rounds[':roundId'].$put({ param: { ...param, roundId }, json })).json(),
    };
  }
  return {
    list: async () => (await api.hub.rounds.$get()).json(),
    budget: async () => (await api.hub.budget.$get()).json(),
    create: async (json: RoundInput) => (await api.hub.rounds.$post({ json })).json(),
    update: async (roundId: string, json: RoundInput) => (await api.hub.rounds[':roundId'].$put({ param: { roundId }, json })).json(),
  };
}

/**
 * A hub's micro-project rounds: the list with each round's phase, and one form that plans a new round
 * or changes one (`editing` says which). Checked with the server's schema as it is typed. Create it
 * while a component starts; `today` is Milan's day, from which a new round's calendar is proposed.
 */
export class RoundsManager {
  readonly view: Resource<RoundsView>;
  draft = $state<RoundDraft | null>(null);
  /** The round being changed, or null for a new one. */
  editing = $state<string | null>(null);
  readonly form = new FormState(RoundInputSchema);
  done = $state<string | null>(null);
  readonly #client: ReturnType<typeof client>;

  constructor(
    scope: RoundsScope,
    private readonly today: string,
  ) {
    this.#client = client(scope);
    this.view = new Resource(async () => {
      const [{ rounds }, { budget, planned }] = await Promise.all([this.#client.list(), this.#client.budget()]);
      return { rounds, budget, planned };
    });
    $effect(() => {
      if (this.draft) this.form.recheck($state.snapshot(roundOf(this.draft)));
    });
  }

  /**
   * What a round may still plan: the hub's available money less what its other rounds plan without
   * holding it yet (the one being changed counts as its own), as the server judges it.
   */
  get free(): number {
    const view = this.view.data;
    if (!view) return 0;
    const planned = view.planned.filter((r) => r.roundId !== this.editing).reduce((sum, r) => sum + r.budget, 0);
    return view.budget.available - planned;
  }

  plan(): void {
    this.#open(null, emptyRound(this.today));
  }

  change(round: Round): void {
    this.#open(round.id, draftOf(round));
  }

  cancel(): void {
    this.draft = null;
    this.editing = null;
    this.form.reset();
  }

  #open(id: string | null, draft: RoundDraft): void {
    // The hub's budget may have moved since the list was read (the city funded it on this page, say).
    void this.view.reload();
    this.done = null;
    this.form.reset();
    this.editing = id;
    this.draft = draft;
  }

  async save(form?: HTMLFormElement): Promise<void> {
    if (!this.draft) return;
    const editing = this.editing;
    await this.form.submit(
      roundOf(this.draft),
      async (input) => {
        const { round } = editing ? await this.#client.update(editing, input) : await this.#client.create(input);
        const title = localized(round.title, currentLocale());
        this.done = editing ? m.rounds_saved({ title }) : m.rounds_created({ title });
        this.cancel();
        await this.view.reload();
      },
      form,
    );
  }
}
