import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { Refused, refusing } from '../errors';
import * as store from '../store/micro-projects';
import { lockHub } from '../store/hubs';
import { audit } from '../store/accounts';
import { insertAccounts } from '../store/ledger';
import { hubCollectiveAccount, hubCollectiveId, PROGRAMME_BUDGET } from './ledger/accounts';
import type { createLedgerService } from './ledger/ledger.service';
import { isoDateIn } from '$shared/dates';
import { canonicalize } from '$shared/credential';
import {
  budgetFits,
  calendarChangeAllowed,
  roundPhase,
  type HubBudget,
  type HubFunding,
  type HubFundingInput,
  type Round,
  type RoundInput,
} from '$shared/micro-projects';

type Ledger = ReturnType<typeof createLedgerService>;

/**
 * Hub budgets and micro-project rounds. The city funds a hub's budget from the programme's through the
 * ledger, naming where the money comes from; the city or the hub's operator plans rounds, each with a
 * calendar of phases and rules, within what the hub has available and other rounds have not planned.
 */
export function createMicroProjectsService(db: Db, clock: Clock, ledger: Ledger) {
  const today = () => isoDateIn(clock.now());
  const withPhase = (row: store.RoundRow): Round => ({
    ...row,
    phase: roundPhase(row.calendar, today()),
    createdAt: row.createdAt.toISOString(),
  });

  return {
    budget: (hubId: string): Promise<HubBudget> => store.hubBudget(db, hubCollectiveId(hubId)),

    async budgetWithFundings(hubId: string): Promise<{ budget: HubBudget; fundings: HubFunding[] }> {
      const [budget, fundings] = await Promise.all([store.hubBudget(db, hubCollectiveId(hubId)), store.fundings(db, hubId)]);
      return { budget, fundings };
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
          const decided = votingBegun && phase !== 'vote';
          if (decided && round.budget !== input.budget) throw new Refused('round_rules_locked');
          if (input.budget > round.budget) await mustFit(tx, hubId, input.budget, id);
          const now = clock.now();
          await store.updateRound(tx, id, input, now);
          await audit(tx, { at: now, actorId: by, action: 'round_update', objectType: 'micro_round', objectId: id });
          return { round: withPhase((await store.loadRound(tx, id))!) };
        }),
      );
    },
  };

  /** Refuses a round budget beyond what the hub has available and its other rounds have not planned. */
  async function mustFit(tx: Queryable, hubId: string, budget: number, except: string | null): Promise<void> {
    const hub = await store.hubBudget(tx, hubCollectiveId(hubId));
    const planned = await store.plannedBudget(tx, hubId, today(), except);
    if (!budgetFits(budget, hub, planned)) throw new Refused('round_budget_exceeds_hub');
  }
}
