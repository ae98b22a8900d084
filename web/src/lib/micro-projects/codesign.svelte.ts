import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { FormState, numberField, type NumberField } from '$lib/state/form.svelte';
import { readEuros } from '$lib/components/calls/format';
import { ProjectInputSchema, type HubIdea, type IdeaDecision, type Project, type Round } from '$shared/micro-projects';
import { LOCALES, type Locale } from '$shared/locale';

/** A project as its form holds it: texts by language, sums in euros and numbers as typed. */
export type ProjectDraft = {
  title: Record<Locale, string>;
  description: Record<Locale, string>;
  pillar: string;
  cost: string;
  place: string;
  group: string;
  /** The accredited provider carrying it out, when one does; otherwise the group named above does. */
  providerId: string | null;
  beneficiaries: NumberField;
  milestones: { title: string; amount: string }[];
  ideaIds: string[];
};

const byLanguage = (text: Partial<Record<Locale, string>> = {}) =>
  Object.fromEntries(LOCALES.map((l) => [l, text[l] ?? ''])) as Record<Locale, string>;

/** A new project from some ideas: the first idea's words to start from, paid in two steps. */
export function emptyProject(ideas: HubIdea[] = []): ProjectDraft {
  const [first] = ideas;
  return {
    title: byLanguage({ it: first?.title ?? '' }),
    description: byLanguage({ it: first?.description ?? '' }),
    pillar: first?.pillar ?? '',
    cost: '',
    place: first?.place ?? '',
    group: first?.group?.name ?? '',
    providerId: null,
    beneficiaries: '',
    milestones: [
      { title: m.codesign_milestone_start(), amount: '' },
      { title: m.codesign_milestone_end(), amount: '' },
    ],
    ideaIds: ideas.map((i) => i.id),
  };
}

export function projectDraftOf(project: Project): ProjectDraft {
  return {
    title: byLanguage(project.title),
    description: byLanguage(project.description),
    pillar: project.pillar,
    cost: String(project.cost / 100),
    place: project.place,
    group: project.carriedBy.kind === 'group' ? project.carriedBy.name : '',
    providerId: project.carriedBy.kind === 'provider' ? project.carriedBy.providerId : null,
    beneficiaries: String(project.beneficiaries),
    milestones: project.milestones.map((s) => ({ title: s.title, amount: String(s.amount / 100) })),
    ideaIds: [...project.ideaIds],
  };
}

/** The draft as `ProjectInputSchema` reads it: carried out by the provider chosen, or else by the group named. */
export function projectOf(d: ProjectDraft) {
  return {
    title: d.title,
    description: d.description,
    pillar: d.pillar,
    cost: readEuros(d.cost) ?? NaN,
    place: d.place,
    carriedBy: d.providerId ? { kind: 'provider' as const, providerId: d.providerId } : { kind: 'group' as const, name: d.group },
    beneficiaries: numberField(d.beneficiaries),
    milestones: d.milestones.map((s) => ({ title: s.title, amount: readEuros(s.amount) ?? NaN })),
    ideaIds: d.ideaIds,
  };
}

/**
 * A round's co-design at its hub: the ideas young people sent (each published, judged not feasible or
 * removed, with the reason its proposer reads) and the projects shaped from them for the ballot.
 * Create it while a component starts.
 */
export class CoDesign {
  readonly ideas: Resource<{ ideas: HubIdea[] }>;
  readonly projects: Resource<{ projects: Project[] }>;
  /** The round, for its phase: ideas are moderated and projects shaped until the vote opens. */
  readonly round: Resource<Round | null>;
  /** The accredited providers, one of which may carry a project out instead of a group. */
  readonly providers = new Resource(async () => (await (await api.hub.providers.$get()).json()).providers);
  draft = $state<ProjectDraft | null>(null);
  editing = $state<string | null>(null);
  readonly form = new FormState(ProjectInputSchema);
  done = $state<string | null>(null);
  error = $state<string | null>(null);
  busy = $state<string | null>(null);

  constructor(private readonly roundId: string) {
    const param = { roundId };
    this.ideas = new Resource(async () => (await api.hub.rounds[':roundId'].ideas.$get({ param })).json());
    this.projects = new Resource(async () => (await api.hub.rounds[':roundId'].projects.$get({ param })).json());
    this.round = new Resource(async () => (await (await api.hub.rounds.$get()).json()).rounds.find((r) => r.id === roundId) ?? null);
    $effect(() => {
      if (this.draft) this.form.recheck($state.snapshot(projectOf(this.draft)));
    });
  }

  /** Whether the ballot may still change: before the vote opens. */
  get shaping(): boolean {
    const phase = this.round.data?.phase;
    return phase === 'upcoming' || phase === 'ideas' || phase === 'codesign';
  }

  async decide(idea: HubIdea, decision: IdeaDecision): Promise<boolean> {
    this.busy = idea.id;
    this.done = null;
    this.error = null;
    try {
      await api.hub.ideas[':ideaId'].$put({ param: { ideaId: idea.id }, json: decision });
      this.done = m.codesign_decided({ title: idea.title });
      return true;
    } catch (error) {
      this.error = errorText(error);
      return false;
    } finally {
      this.busy = null;
      await this.ideas.reload();
    }
  }

  shape(ideas: HubIdea[]): void {
    this.form.reset();
    this.editing = null;
    this.draft = emptyProject(ideas);
  }

  change(project: Project): void {
    this.form.reset();
    this.editing = project.id;
    this.draft = projectDraftOf(project);
  }

  cancel(): void {
    this.draft = null;
    this.editing = null;
    this.form.reset();
  }

  async save(form?: HTMLFormElement): Promise<void> {
    if (!this.draft) return;
    const editing = this.editing;
    await this.form.submit(
      projectOf(this.draft),
      async (input) => {
        if (editing) await api.hub.projects[':projectId'].$put({ param: { projectId: editing }, json: input });
        else await api.hub.rounds[':roundId'].projects.$post({ param: { roundId: this.roundId }, json: input });
        this.done = m.codesign_project_saved({ title: input.title.it });
        this.cancel();
        await Promise.all([this.projects.reload(), this.ideas.reload()]);
      },
      form,
    );
  }

  /** Whether the round's winners may be funded and delivered: once its results are out. */
  get delivering(): boolean {
    const phase = this.round.data?.phase;
    return phase === 'results' || phase === 'delivery';
  }

  /** Funds the round's winners: a hold on the hub's budget for each of their milestones. */
  async fund(): Promise<void> {
    await this.#act('fund', async () => {
      const { funded } = await (await api.hub.rounds[':roundId'].fund.$post({ param: { roundId: this.roundId }, json: {} })).json();
      this.done = m.delivery_funded({ count: funded });
    });
  }

  /** Confirms a project's milestone with a short report: its money goes to whoever carries the project out. */
  async confirm(project: Project, idx: number, report: string): Promise<boolean> {
    return this.#act(project.id, async () => {
      await api.hub.projects[':projectId'].milestones[':idx'].confirm.$post({
        param: { projectId: project.id, idx: String(idx) },
        json: { report },
      });
      this.done = m.delivery_confirmed({ title: project.title.it ?? '', number: idx + 1 });
    });
  }

  /** Ends a project: what was not paid returns to the hub's budget. */
  async close(project: Project): Promise<void> {
    await this.#act(project.id, async () => {
      await api.hub.projects[':projectId'].close.$post({ param: { projectId: project.id }, json: {} });
      this.done = m.delivery_closed({ title: project.title.it ?? '' });
    });
  }

  async #act(busy: string, work: () => Promise<void>): Promise<boolean> {
    this.busy = busy;
    this.done = null;
    this.error = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.error = errorText(error);
      return false;
    } finally {
      this.busy = null;
      await this.projects.reload();
    }
  }

  async withdraw(project: Project): Promise<void> {
    this.busy = project.id;
    this.done = null;
    this.error = null;
    try {
      await api.hub.projects[':projectId'].withdraw.$post({ param: { projectId: project.id }, json: {} });
      this.done = m.codesign_project_withdrawn({ title: project.title.it ?? '' });
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = null;
      await Promise.all([this.projects.reload(), this.ideas.reload()]);
    }
  }
}
