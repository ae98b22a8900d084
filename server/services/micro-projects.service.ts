import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { refuse, Refused, refusing, type Result } from '../errors';
import * as participation from '../store/round-participation';
import * as store from '../store/micro-projects';
import { lockHub } from '../store/hubs';
import { audit } from '../store/accounts';
import { insertAccounts } from '../store/ledger';
import {
  hubCollectiveAccount,
  hubCollectiveId,
  projectPayeeAccount,
  projectPayeeId,
  providerAccounts,
  providerPayableId,
  PROGRAMME_BUDGET,
} from './ledger/accounts';
import { derivedId } from '../ids';
import type { TransferInput } from '$shared/ledger';
import type { createLedgerService } from './ledger/ledger.service';
import { addDays, isoDateIn, startOfDay } from '$shared/dates';
import { countVotes, type CountResult } from '$shared/vote-count';
import { toPabulib } from '$shared/pabulib';
import { localized } from '$shared/localized';
import { canonicalize } from '$shared/credential';
import {
  budgetFits,
  calendarChangeAllowed,
  roundPhase,
  type HubBudget,
  type HubFunding,
  type HubIdea,
  type IdeaDecision,
  type PlannedRound,
  type Project,
  type ProjectInput,
  type RoundResults,
  type HubFundingInput,
  type Round,
  type RoundInput,
} from '$shared/micro-projects';

type Ledger = ReturnType<typeof createLedgerService>;

/** Who a project's milestones are paid to: the provider (owed, then paid with its statements) or the group's own account. */
const payeeOf = (p: Project) => (p.carriedBy.kind === 'provider' ? providerPayableId(p.carriedBy.providerId) : projectPayeeId(p.id));

const HOUR_MS = 3_600_000;
/** The city the programme runs in, as Pabulib's files name it. */
const CITY_NAME = 'Milano';
/** The phases in which a round's ideas are moderated and its projects shaped: the ballot is fixed once the vote opens. */
const SHAPING = new Set(['upcoming', 'ideas', 'codesign']);

/**
 * Hub budgets and micro-project rounds. The city funds a hub's budget from the programme's through the
 * ledger, naming where the money comes from; the city or the hub's operator plans rounds, each with a
 * calendar of phases and rules, within what the hub has available and other rounds have not planned.
 */
export function createMicroProjectsService(db: Db, clock: Clock, ledger: Ledger) {
  const today = () => isoDateIn(clock.now());
  const withPhase = ({ hubMunicipio: _municipio, countedAt: _counted, ...row }: store.RoundRow): Round => ({
    ...row,
    phase: roundPhase(row.calendar, today()),
    createdAt: row.createdAt.toISOString(),
  });

  return {
    budget: (hubId: string): Promise<HubBudget> => store.hubBudget(db, hubCollectiveId(hubId)),

    /** A hub's budget, its fundings, and what its rounds plan without holding it yet (a new round may plan the rest). */
    /** Who may carry out a project besides a group: the accredited providers. */
    providers: () => store.accreditedProviders(db),

    async budgetWithFundings(hubId: string): Promise<{ budget: HubBudget; fundings: HubFunding[]; planned: PlannedRound[] }> {
      const [budget, fundings, planned] = await Promise.all([
        store.hubBudget(db, hubCollectiveId(hubId)),
        store.fundings(db, hubId),
        store.plannedRounds(db, hubId, today()),
      ]);
      return { budget, fundings, planned };
    },

    /**
     * Moves money from the programme's budget into the hub's, with its source, in one transaction. The
     * form's id is the transfer's: the same funding sent twice moves the money once.
     */
    fund(hubId: string, input: HubFundingInput, by: string) {
      return refusing<{ replayed: boolean }, 'hub_not_found' | 'hub_closed' | 'programme_budget_insufficient' | 'transfer_refused'>(() =>
        db.transaction(async (tx) => {
          const hub = await lockHub(tx, hubId);
          if (!hub) throw new Refused('hub_not_found');
          const earlier = await store.findFunding(tx, input.id);
          if (earlier) {
            const same = earlier.hubId === hubId && earlier.amount === input.amount && earlier.source === input.source;
            if (!same) throw new Refused('transfer_refused');
            return { replayed: true };
          }
          if (hub.closedAt) throw new Refused('hub_closed');
          const now = clock.now();
          await insertAccounts(tx, [hubCollectiveAccount(hubId)], now);
          const [result] = await ledger.createTransfersIn(tx, [
            {
              id: input.id,
              kind: 'single',
              debitAccountId: PROGRAMME_BUDGET,
              creditAccountId: hubCollectiveId(hubId),
              amount: input.amount,
              ledger: 'EUR',
              code: 'funding',
              createdBy: `user:${by}`,
              ref: { type: 'hub', id: hubId },
            },
          ]);
          if (result === 'insufficient_funds') throw new Refused('programme_budget_insufficient');
          // The id was used by another transfer (not a funding): this form cannot use it.
          if (result !== 'ok') throw new Refused('transfer_refused');
          await store.insertFunding(tx, { ...input, hubId, by, at: now });
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'hub_fund',
            objectType: 'hub',
            objectId: hubId,
            details: { amount: input.amount, source: input.source, transferId: input.id },
          });
          return { replayed: false };
        }),
      );
    },

    async rounds(hubId: string): Promise<Round[]> {
      return (await store.roundsOf(db, hubId)).map(withPhase);
    },

    async round(id: string): Promise<Round | null> {
      const row = await store.loadRound(db, id);
      return row ? withPhase(row) : null;
    },

    /** A new round at a hub: from today on, within the hub's budget not planned by its other rounds. */
    createRound(hubId: string, input: RoundInput, by: string) {
      return refusing<{ round: Round }, 'hub_not_found' | 'hub_closed' | 'round_starts_in_past' | 'round_budget_exceeds_hub'>(() =>
        db.transaction(async (tx) => {
          const hub = await lockHub(tx, hubId);
          if (!hub) throw new Refused('hub_not_found');
          if (hub.closedAt) throw new Refused('hub_closed');
          if (input.calendar.ideasFrom < today()) throw new Refused('round_starts_in_past');
          await mustFit(tx, hubId, input.budget, null);
          const now = clock.now();
          const id = await store.insertRound(tx, hubId, input, by, now);
          await audit(tx, { at: now, actorId: by, action: 'round_create', objectType: 'micro_round', objectId: id });
          return { round: withPhase((await store.loadRound(tx, id))!) };
        }),
      );
    },

    /**
     * Changes a round. Days already begun keep their place; the rules (who takes part, the ballot, the
     * counting) are fixed once the vote opens, and the budget once its results are out.
     */
    updateRound(hubId: string, id: string, input: RoundInput, by: string) {
      return refusing<
        { round: Round },
        'round_not_found' | 'hub_closed' | 'round_calendar_locked' | 'round_rules_locked' | 'round_budget_exceeds_hub'
      >(() =>
        db.transaction(async (tx) => {
          const hub = await lockHub(tx, hubId);
          const round = await store.loadRound(tx, id, true);
          if (!hub || !round || round.hubId !== hubId) throw new Refused('round_not_found');
          if (hub.closedAt) throw new Refused('hub_closed');
          const day = today();
          if (!calendarChangeAllowed(round.calendar, input.calendar, day)) throw new Refused('round_calendar_locked');
          const phase = roundPhase(round.calendar, day);
          const votingBegun = phase !== 'upcoming' && phase !== 'ideas' && phase !== 'codesign';
          // Compared key-sorted: the database hands JSON back with its keys in an order of its own.
          if (votingBegun && canonicalize(round.rules) !== canonicalize(input.rules)) throw new Refused('round_rules_locked');
          // Ballots are judged against the budget (a basket's least share): it is fixed with the rules.
          if (votingBegun && round.budget !== input.budget) throw new Refused('round_rules_locked');
          // Funded milestones are held until the round closes: its last day no longer moves.
          if (round.calendar.closedFrom !== input.calendar.closedFrom && (await store.anyFunded(tx, id)))
            throw new Refused('round_calendar_locked');
          if (input.budget > round.budget) await mustFit(tx, hubId, input.budget, id);
          const now = clock.now();
          await store.updateRound(tx, id, input, now);
          await audit(tx, { at: now, actorId: by, action: 'round_update', objectType: 'micro_round', objectId: id });
          return { round: withPhase((await store.loadRound(tx, id))!) };
        }),
      );
    },

    /** A round's ideas, for its hub (null: for the city, any hub's). */
    async ideas(hubId: string | null, roundId: string): Promise<Result<{ ideas: HubIdea[] }, 'round_not_found'>> {
      const round = await store.loadRound(db, roundId);
      if (!round || (hubId && round.hubId !== hubId)) return refuse('round_not_found');
      return { ok: true, ideas: await store.ideasOf(db, roundId) };
    },

    /**
     * The hub decides on an idea while the round gathers and shapes them: published for co-design, not
     * feasible, or removed by moderation, each but the first with its reason, which the proposer reads.
     * An idea already in a project changes with its project.
     */
    decideIdea(hubId: string, ideaId: string, decision: IdeaDecision, by: string) {
      return refusing<object, 'idea_not_found' | 'projects_locked'>(() =>
        db.transaction(async (tx) => {
          const idea = await store.lockIdea(tx, ideaId);
          const round = idea && (await store.loadRound(tx, idea.roundId));
          if (!idea || !round || round.hubId !== hubId) throw new Refused('idea_not_found');
          if (!SHAPING.has(roundPhase(round.calendar, today())) || idea.status === 'in_project') throw new Refused('projects_locked');
          const now = clock.now();
          await store.decideIdea(tx, ideaId, decision, by, now);
          await audit(tx, { at: now, actorId: by, action: `idea_${decision.status}`, objectType: 'micro_idea', objectId: ideaId });
          return {};
        }),
      );
    },

    async projects(hubId: string | null, roundId: string): Promise<Result<{ projects: Project[] }, 'round_not_found'>> {
      const round = await store.loadRound(db, roundId);
      if (!round || (hubId && round.hubId !== hubId)) return refuse('round_not_found');
      return { ok: true, projects: await store.projectsOf(db, roundId) };
    },

    /**
     * A project shaped in co-design, from the round's ideas (several merged, or none: the hub's own),
     * until the vote opens; after that the ballot does not change. Its ideas' proposers see it.
     */
    saveProject(hubId: string, target: { roundId: string } | { projectId: string }, input: ProjectInput, by: string) {
      return refusing<
        { id: string },
        'round_not_found' | 'project_not_found' | 'projects_locked' | 'idea_not_found' | 'provider_not_found'
      >(() =>
        db.transaction(async (tx) => {
          const existing = 'projectId' in target ? await store.lockProject(tx, target.projectId) : null;
          if ('projectId' in target && (!existing || existing.withdrawn)) throw new Refused('project_not_found');
          const roundId = existing?.roundId ?? (target as { roundId: string }).roundId;
          const round = await store.loadRound(tx, roundId, true);
          if (!round || round.hubId !== hubId) throw new Refused(existing ? 'project_not_found' : 'round_not_found');
          if (!SHAPING.has(roundPhase(round.calendar, today()))) throw new Refused('projects_locked');
          if (input.carriedBy.kind === 'provider' && !(await store.providerAccredited(tx, input.carriedBy.providerId)))
            throw new Refused('provider_not_found');
          const ideas = await store.lockIdeas(tx, roundId, input.ideaIds);
          const projectId = 'projectId' in target ? target.projectId : null;
          // Each idea must be the round's, still standing, and in no other project.
          const usable = (i: (typeof ideas)[number]) => i.status !== 'removed' && (i.projectId === null || i.projectId === projectId);
          if (ideas.length !== input.ideaIds.length || !ideas.every(usable)) throw new Refused('idea_not_found');
          const now = clock.now();
          let id = projectId;
          if (id) await store.updateProject(tx, id, input, now);
          else id = await store.insertProject(tx, roundId, input, by, now);
          await store.setProjectIdeas(tx, id, input.ideaIds, by, now);
          await audit(tx, {
            at: now,
            actorId: by,
            action: projectId ? 'project_update' : 'project_create',
            objectType: 'micro_project',
            objectId: id,
          });
          return { id };
        }),
      );
    },

    /** Takes a project off the ballot before the vote; its ideas go back to the round's published ones. */
    withdrawProject(hubId: string, projectId: string, by: string) {
      return refusing<object, 'project_not_found' | 'projects_locked'>(() =>
        db.transaction(async (tx) => {
          const project = await store.lockProject(tx, projectId);
          const round = project && (await store.loadRound(tx, project.roundId, true));
          if (!project || project.withdrawn || !round || round.hubId !== hubId) throw new Refused('project_not_found');
          if (!SHAPING.has(roundPhase(round.calendar, today()))) throw new Refused('projects_locked');
          const now = clock.now();
          await store.withdrawProject(tx, projectId, now);
          await audit(tx, { at: now, actorId: by, action: 'project_withdraw', objectType: 'micro_project', objectId: projectId });
          return {};
        }),
      );
    },

    /**
     * A round's results, for anyone: counted once, when the results phase has begun and the grace for
     * ballots cast offline before the close has passed (until then, when the count will be made).
     */
    async results(roundId: string): Promise<Result<RoundResults, 'round_not_found'>> {
      let row = await store.loadRound(db, roundId);
      if (!row) return refuse('round_not_found');
      const countsAt = new Date(startOfDay(row.calendar.resultsFrom).getTime() + row.rules.graceHours * HOUR_MS);
      if (!row.countedAt && clock.now() >= countsAt) {
        await db.transaction(async (tx) => {
          const locked = (await store.loadRound(tx, roundId, true))!;
          if (locked.countedAt) return;
          const projects = (await store.projectsOf(tx, roundId)).filter((p) => !p.withdrawn);
          const ballots = await participation.sealBallots(tx, roundId, startOfDay(locked.calendar.resultsFrom));
          const count = countVotes({
            method: locked.rules.method,
            budget: locked.budget,
            minVotes: locked.rules.minVotes,
            projects: projects.map((p) => ({ id: p.id, cost: p.cost })),
            ballots,
          });
          const now = clock.now();
          await store.storeResult(tx, roundId, count, now);
          await audit(tx, {
            at: now,
            actorId: null,
            action: 'round_count',
            objectType: 'micro_round',
            objectId: roundId,
            details: { ballots: ballots.length },
          });
        });
        row = (await store.loadRound(db, roundId))!;
      }
      const [projects, taking, count] = await Promise.all([
        store.projectsOf(db, roundId),
        participation.participationOf(db, roundId),
        store.loadResult<CountResult>(db, roundId),
      ]);
      const round = withPhase(row);
      return {
        ok: true,
        round,
        // Projects are public once they are on the ballot; before, the hub is still shaping them.
        projects: SHAPING.has(round.phase) ? [] : projects.filter((p) => !p.withdrawn),
        ...taking,
        count,
        countsAt: countsAt.toISOString(),
      };
    },

    /**
     * Funds a counted round's winners: each gets its collective voucher, a hold on the hub's budget for
     * each of its milestones, until the round closes. All or none: if the hub's budget cannot hold them
     * all, nothing is held. Funding again changes nothing.
     */
    fundWinners(hubId: string, roundId: string, by: string) {
      return refusing<{ funded: number }, 'round_not_found' | 'round_phase_closed' | 'hub_budget_insufficient'>(() =>
        db.transaction(async (tx) => {
          const round = await store.loadRound(tx, roundId, true);
          if (!round || round.hubId !== hubId) throw new Refused('round_not_found');
          const count = await store.loadResult<CountResult>(tx, roundId);
          if (!round.countedAt || !count || roundPhase(round.calendar, today()) === 'closed') throw new Refused('round_phase_closed');
          const projects = (await store.projectsOf(tx, roundId)).filter((p) => count.winners.includes(p.id) && !p.delivery);
          if (projects.length === 0) return { funded: 0 };
          const now = clock.now();
          const until = startOfDay(round.calendar.closedFrom);
          await insertAccounts(
            tx,
            projects.flatMap((p) =>
              p.carriedBy.kind === 'group' ? [projectPayeeAccount(p.id)] : providerAccounts(p.carriedBy.providerId),
            ),
            now,
          );
          const holds: TransferInput[] = projects.flatMap((p) =>
            p.milestones.map((m, i) => ({
              id: derivedId('milestone-hold', p.id, String(i)),
              kind: 'pending' as const,
              debitAccountId: hubCollectiveId(hubId),
              creditAccountId: payeeOf(p),
              amount: m.amount,
              ledger: 'EUR' as const,
              code: 'collective_funding' as const,
              timeoutAt: until,
              createdBy: `user:${by}`,
              ref: { type: 'micro_project', id: p.id },
            })),
          );
          const results = await ledger.createTransfersIn(tx, holds);
          if (results.includes('insufficient_funds')) throw new Refused('hub_budget_insufficient');
          if (results.some((r) => r !== 'ok' && r !== 'exists'))
            throw new Error(`Funding round ${roundId} was refused: ${results.join(', ')}`);
          await store.markFunded(
            tx,
            projects.map((p) => p.id),
            now,
          );
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'round_fund',
            objectType: 'micro_round',
            objectId: roundId,
            details: { projects: projects.length },
          });
          return { funded: projects.length };
        }),
      );
    },

    /** The hub confirms a milestone was done, with a short report: its hold is paid to whoever carries the project out. */
    confirmMilestone(hubId: string, projectId: string, idx: number, report: string, by: string) {
      return refusing<
        object,
        'project_not_found' | 'project_not_funded' | 'project_closed' | 'milestone_not_found' | 'milestone_confirmed'
      >(() =>
        db.transaction(async (tx) => {
          const project = await store.lockProject(tx, projectId);
          const round = project && (await store.loadRound(tx, project.roundId));
          if (!project || !round || round.hubId !== hubId) throw new Refused('project_not_found');
          if (!project.funded) throw new Refused('project_not_funded');
          if (project.closed) throw new Refused('project_closed');
          if (idx >= project.milestones.length) throw new Refused('milestone_not_found');
          const now = clock.now();
          if (!(await store.insertMilestoneReport(tx, { projectId, idx, report, by, at: now }))) throw new Refused('milestone_confirmed');
          const [result] = await ledger.createTransfersIn(tx, [
            {
              id: derivedId('milestone-post', projectId, String(idx)),
              kind: 'post_pending',
              pendingId: derivedId('milestone-hold', projectId, String(idx)),
              code: 'collective_funding',
              createdBy: `user:${by}`,
              ref: { type: 'micro_project', id: projectId },
            },
          ]);
          // The hold lapsed with the round: the project has in effect ended.
          if (result !== 'ok') throw new Refused('project_closed');
          await audit(tx, {
            at: now,
            actorId: by,
            action: 'milestone_confirm',
            objectType: 'micro_project',
            objectId: projectId,
            details: { idx },
          });
          return {};
        }),
      );
    },

    /** A project ends: every milestone not confirmed is released, and its money returns to the hub's budget. */
    closeProject(hubId: string, projectId: string, by: string) {
      return refusing<object, 'project_not_found' | 'project_not_funded' | 'project_closed'>(() =>
        db.transaction(async (tx) => {
          const project = await store.lockProject(tx, projectId);
          const round = project && (await store.loadRound(tx, project.roundId));
          if (!project || !round || round.hubId !== hubId) throw new Refused('project_not_found');
          if (!project.funded) throw new Refused('project_not_funded');
          if (project.closed) throw new Refused('project_closed');
          const delivery = (await store.projectsOf(tx, project.roundId)).find((p) => p.id === projectId)!.delivery!;
          const open = delivery.milestones.flatMap((m, i) => (m.confirmedAt ? [] : [i]));
          const results = await ledger.createTransfersIn(
            tx,
            open.map((i) => ({
              id: derivedId('milestone-void', projectId, String(i)),
              kind: 'void_pending' as const,
              pendingId: derivedId('milestone-hold', projectId, String(i)),
              code: 'collective_funding' as const,
              createdBy: `user:${by}`,
              ref: { type: 'micro_project', id: projectId },
            })),
          );
          // A hold that already lapsed has returned by itself (the sweeper voided it).
          if (results.some((r) => r !== 'ok' && r !== 'exists' && r !== 'pending_expired' && r !== 'pending_already_voided'))
            throw new Error(`Closing ${projectId}: ${results.join(', ')}`);
          const now = clock.now();
          await store.markClosed(tx, projectId, now);
          await audit(tx, { at: now, actorId: by, action: 'project_close', objectType: 'micro_project', objectId: projectId });
          return {};
        }),
      );
    },

    /** A counted round in Pabulib's format, with its ballots in their sealed order (no voter behind any). */
    async pabulib(roundId: string): Promise<Result<{ text: string }, 'round_not_found' | 'round_phase_closed'>> {
      const results = await this.results(roundId);
      if (!results.ok) return results;
      if (!results.count) return refuse('round_phase_closed');
      const ballots = await participation.sealedBallots(db, roundId);
      const { round } = results;
      const text = toPabulib({
        id: round.id,
        description: localized(round.title, 'it'),
        country: 'Italy',
        unit: CITY_NAME,
        subunit: round.hubName,
        language: 'it',
        voteOpens: round.calendar.voteFrom,
        voteCloses: addDays(round.calendar.resultsFrom, -1),
        ballot: round.rules.ballot,
        projects: results.projects.map((p) => ({ id: p.id, name: localized(p.title, 'it'), category: p.pillar })),
        ballots,
        result: results.count,
      });
      return { ok: true, text };
    },
  };

  /** Refuses a round budget beyond what the hub has available and its other rounds have not planned. */
  async function mustFit(tx: Queryable, hubId: string, budget: number, except: string | null): Promise<void> {
    const hub = await store.hubBudget(tx, hubCollectiveId(hubId));
    const planned = await store.plannedBudget(tx, hubId, today(), except);
    if (!budgetFits(budget, hub, planned)) throw new Refused('round_budget_exceeds_hub');
  }
}
