import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { derivedId } from '../ids';
import * as store from '../store/opportunities';
import { insertAccounts } from '../store/ledger';
import { audit } from '../store/accounts';
import { hubExists } from '../store/game';
import { creditMintFor, youthCreditAccount, youthCreditAccounts, youthCreditId } from './ledger/accounts';
import type { LedgerService } from './ledger/ledger.service';
import type { SessionUser } from './auth.service';
import type { GameService } from './game.service';
import type { InTransaction } from './sync/publish';
import type { Result } from '../errors';
import {
  TAKE_HOLD_DAYS,
  type DecisionInput,
  type HubOpportunity,
  type OpportunityInput,
  type OpportunitySnapshot,
} from '$shared/opportunities';

const DAY_MS = 86_400_000;
const ENDED = new Set(['ok', 'pending_already_voided', 'pending_expired']);

/**
 * Opportunities for credits: youth offer, their hub moderates, youth take with credits
 * held (two-phase) until the taker says it happened — then they go to the youth who offered it, or
 * back to the mint for a hub's reward. Nothing here is ever bought with money.
 */
export function createOpportunitiesService(db: Db, clock: Clock, ledger: LedgerService, game: GameService) {
  /** Where a take's credits go: the youth who offers it, or (a hub's reward) back to the taker's mint. */
  const sellerAccount = (sellerId: string | null, takerId: string) => (sellerId ? youthCreditId(sellerId) : creditMintFor(takerId));

  /**
   * A take and its opportunity, locked in the order every path here takes them — the opportunity, then
   * its takes, then the ledger — so a take, a cancellation and a withdrawal never wait on each other in a circle.
   */
  async function lockTakeInOrder(tx: Queryable, takeId: string) {
    const found = await store.findTake(tx, takeId);
    if (!found) return null;
    const opportunity = await store.lockOpportunity(tx, found.opportunity_id);
    const take = await store.lockTake(tx, takeId);
    return take && opportunity ? { ...take, seller_id: opportunity.seller_id } : null;
  }

  /** Voids every place still held (a withdrawn opportunity): the takers get their credits back. */
  async function releaseAll(tx: Queryable, opportunityId: string, by: string): Promise<void> {
    const held = await store.heldTakesOf(tx, opportunityId);
    const results = await ledger.createTransfersIn(
      tx,
      held.map((t) => ({
        id: derivedId('opportunity-release', t.id),
        kind: 'void_pending' as const,
        pendingId: t.hold_id,
        code: 'cancellation' as const,
        createdBy: by,
        ref: { type: 'opportunity', id: opportunityId },
      })),
    );
    results.forEach((result, i) => {
      if (!ENDED.has(result)) throw new Error(`Releasing take ${held[i].id} was refused: ${result}`);
    });
    for (const take of held) await store.endTake(tx, take.id, 'cancelled', clock.now());
  }

  return {
    /** A youth offers something at their hub: it waits for the hub's operator. */
    async propose({ tx }: InTransaction, user: SessionUser, input: OpportunityInput): Promise<Result> {
      if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
      if (!(await hubExists(tx, input.hubId))) return { ok: false, code: 'hub_not_found' };
      const added = await store.insertOpportunity(tx, {
        ...input,
        sellerId: user.id,
        language: user.me.language,
        status: 'proposed',
        now: clock.now(),
      });
      return added ? { ok: true } : { ok: false, code: 'validation_failed' };
    },

    /** A hub lists its own reward at once: it is the hub's word. */
    async createReward(user: SessionUser, input: OpportunityInput): Promise<Result<{ id: string }, 'forbidden' | 'validation_failed'>> {
      const hubId = user.me.hub?.id;
      if (user.role !== 'hub_operator' || !hubId || input.hubId !== hubId) return { ok: false, code: 'forbidden' };
      return db.transaction(async (tx) => {
        if (
          !(await store.insertOpportunity(tx, { ...input, sellerId: null, language: user.me.language, status: 'listed', now: clock.now() }))
        )
          return { ok: false, code: 'validation_failed' } as const;
        await audit(tx, { at: clock.now(), actorId: user.id, action: 'opportunity_reward', objectType: 'opportunity', objectId: input.id });
        return { ok: true, id: input.id } as const;
      });
    },

    /** The hub's operator lists a youth's proposal, or refuses it saying why. */
    async decide(
      user: SessionUser,
      id: string,
      decision: DecisionInput,
    ): Promise<Result<object, 'forbidden' | 'opportunity_not_found' | 'opportunity_not_pending'>> {
      return db.transaction(async (tx) => {
        const found = await store.lockOpportunity(tx, id);
        if (!found || found.hub_id !== user.me.hub?.id) return { ok: false, code: 'opportunity_not_found' } as const;
        if (found.status !== 'proposed') return { ok: false, code: 'opportunity_not_pending' } as const;
        await store.decide(
          tx,
          id,
          decision.decision === 'list' ? 'listed' : 'refused',
          decision.decision === 'list' ? '' : decision.reason,
          user.id,
          clock.now(),
        );
        await audit(tx, {
          at: clock.now(),
          actorId: user.id,
          action: `opportunity_${decision.decision}`,
          objectType: 'opportunity',
          objectId: id,
          details: { reason: decision.reason },
        });
        return { ok: true } as const;
      });
    },

    /** Takes an opportunity off the market: the youth who offered it, or their hub's operator. Held places are released. */
    async withdraw(tx: Queryable, user: SessionUser, id: string): Promise<Result> {
      const found = await store.lockOpportunity(tx, id);
      const mayWithdraw =
        found &&
        ((user.role === 'youth' && found.seller_id === user.id) || (user.role === 'hub_operator' && found.hub_id === user.me.hub?.id));
      if (!found || !mayWithdraw) return { ok: false, code: 'opportunity_not_found' };
      if (found.status === 'withdrawn' || found.status === 'refused') return { ok: true };
      await releaseAll(tx, id, `user:${user.id}`);
      await store.decide(tx, id, 'withdrawn', found.reason, user.id, clock.now());
      return { ok: true };
    },

    /** A youth takes a place: its credits are held for the one who offers it. */
    async take({ tx }: InTransaction, user: SessionUser, args: { id: string; opportunityId: string }): Promise<Result> {
      if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
      const found = await store.lockOpportunity(tx, args.opportunityId);
      if (!found || found.status !== 'listed') return { ok: false, code: 'opportunity_not_found' };
      if (found.seller_id === user.id) return { ok: false, code: 'opportunity_own' };
      const now = clock.now();
      await store.releaseLapsed(tx, found.id, now);
      // Counted again in a statement of its own, under the row's lock: a take that committed while this
      // one waited is seen (the running count is what the database's check holds to the places).
      if ((await store.takenCount(tx, found.id)) >= found.places) return { ok: false, code: 'opportunity_full' };
      await insertAccounts(tx, [...youthCreditAccounts(user.id), ...(found.seller_id ? [youthCreditAccount(found.seller_id)] : [])], now);
      const holdId = derivedId('opportunity-hold', args.id);
      if (!(await store.insertTake(tx, { id: args.id, opportunityId: found.id, youthId: user.id, holdId, now })))
        return { ok: false, code: 'opportunity_taken_already' };
      const [result] = await ledger.createTransfersIn(tx, [
        {
          id: holdId,
          kind: 'pending',
          debitAccountId: youthCreditId(user.id),
          creditAccountId: sellerAccount(found.seller_id, user.id),
          amount: found.credit_price,
          ledger: 'CREDIT',
          code: 'opportunity',
          timeoutAt: new Date(now.getTime() + TAKE_HOLD_DAYS * DAY_MS),
          createdBy: `user:${user.id}`,
          ref: { type: 'opportunity', id: found.id },
        },
      ]);
      if (result === 'insufficient_funds') return { ok: false, code: 'credits_insufficient' };
      if (result !== 'ok') throw new Error(`The hold for take ${args.id} was refused: ${result}`);
      await store.setTaken(tx, found.id, 1);
      return { ok: true };
    },

    /** The taker says it happened: the held credits go to the youth who offered it (or back to the mint). */
    async confirm({ tx }: InTransaction, user: SessionUser, takeId: string): Promise<Result> {
      const take = await lockTakeInOrder(tx, takeId);
      if (!take || take.youth_id !== user.id) return { ok: false, code: 'take_not_found' };
      if (take.status !== 'held') return { ok: false, code: 'take_ended' };
      const [result] = await ledger.createTransfersIn(tx, [
        {
          id: derivedId('opportunity-confirm', takeId),
          kind: 'post_pending',
          pendingId: take.hold_id,
          code: 'opportunity',
          createdBy: `user:${user.id}`,
          ref: { type: 'opportunity', id: take.opportunity_id },
        },
      ]);
      // The hold lapsed: the credits are back with the taker, and the place is freed at the next take.
      if (result === 'pending_expired' || result === 'pending_already_voided') return { ok: false, code: 'take_expired' };
      if (result !== 'ok') throw new Error(`Confirming take ${takeId} was refused: ${result}`);
      await store.endTake(tx, takeId, 'done', clock.now());
      // Credits earned by offering count for the seller's level and badges.
      if (take.seller_id) await game.evaluate(tx, take.seller_id);
      return { ok: true };
    },

    /** The taker lets the place go: the credits come back, the place is free again. */
    async cancel({ tx }: InTransaction, user: SessionUser, takeId: string): Promise<Result> {
      const take = await lockTakeInOrder(tx, takeId);
      if (!take || take.youth_id !== user.id) return { ok: false, code: 'take_not_found' };
      if (take.status !== 'held') return { ok: false, code: 'take_ended' };
      const [result] = await ledger.createTransfersIn(tx, [
        {
          id: derivedId('opportunity-cancel', takeId),
          kind: 'void_pending',
          pendingId: take.hold_id,
          code: 'cancellation',
          createdBy: `user:${user.id}`,
          ref: { type: 'opportunity', id: take.opportunity_id },
        },
      ]);
      if (result === 'pending_already_posted') return { ok: false, code: 'take_ended' };
      if (!ENDED.has(result)) throw new Error(`Cancelling take ${takeId} was refused: ${result}`);
      await store.endTake(tx, takeId, 'cancelled', clock.now());
      await store.setTaken(tx, take.opportunity_id, -1);
      return { ok: true };
    },

    async snapshot(q: Queryable, user: SessionUser): Promise<OpportunitySnapshot> {
      const [market, mine, takes] = await Promise.all([
        store.marketFor(q, user.id),
        store.opportunitiesOf(q, user.id),
        store.takesOf(q, user.id, TAKE_HOLD_DAYS, clock.now()),
      ]);
      return { market, mine, takes };
    },

    forHub: (hubId: string): Promise<HubOpportunity[]> => store.opportunitiesOfHub(db, hubId),
  };
}

export type OpportunitiesService = ReturnType<typeof createOpportunitiesService>;
