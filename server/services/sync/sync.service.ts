import * as v from 'valibot';
import type { Db, Queryable } from '../../store/db';
import type { Clock } from '../../clock';
import * as store from '../../store/sync';
import { loadMe } from '../../store/accounts';
import { loadHousehold } from '../../store/households';
import { AppError } from '../../errors';
import type { SessionUser } from '../auth.service';
import type { ErrorCode } from '$shared/errors';
import type { Locale } from '$shared/locale';
import { errorMessage } from '$shared/i18n/translate';
import { lateMutationAccepted, MAX_PULL, type Change, type Mutation, type MutationResult, type PullResponse, type PushInput, type PushResponse } from '$shared/sync';
import { MUTATIONS, type MutationContext, type MutationDefinition, type MutationOutcome, type SyncServices } from './mutations';

/** How long after a deadline an offline action made before it still counts, unless its mutation says otherwise. */
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

/** Thrown to roll a mutation's own writes back while its rejection is still recorded. */
class Rejected extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

/** Database errors that mean "this mutation can never be applied" rather than "try again later". */
function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Class 22 (data exception) and 23 (integrity constraint violation).
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export function createSyncService(db: Db, clock: Clock, services: SyncServices, registry: Record<string, MutationDefinition> = MUTATIONS) {
  /** Applies one mutation in its own transaction; answers what the device is told. */
  async function applyOne(user: SessionUser, m: Mutation, locale: Locale): Promise<MutationResult> {
    const receivedAt = clock.now();
    const clientTime = new Date(m.clientTime);
    const outcome = await db.transaction(async (tx): Promise<MutationResult> => {
      const client = await store.lockClient(tx, m.clientId, user.id, receivedAt);
      if (client.user_id !== user.id) throw new AppError('sync_client_not_yours');
      // The same mutation again (a retry after a lost answer, or a device that renumbered its outbox):
      // the first answer, and nothing changes.
      const first = await store.findMutationById(tx, m.id);
      if (m.seq <= client.last_seq) {
        if (first && (first.seq === m.seq || (await store.findMutation(tx, m.clientId, m.seq)) === null)) return answer(m.id, 'duplicate', (first.code as ErrorCode | null) ?? undefined, locale);
        throw new AppError('sync_seq_reused');
      }
      if (m.seq !== client.last_seq + 1) throw new AppError('sync_seq_gap');
      if (first) {
        await store.advanceClient(tx, m.clientId, m.seq, receivedAt);
        return answer(m.id, 'duplicate', (first.code as ErrorCode | null) ?? undefined, locale);
      }

      const code = await attempt(tx, user, m, client.last_synced_at, clientTime, receivedAt);
      await store.recordMutation(tx, { clientId: m.clientId, seq: m.seq, id: m.id, name: m.name, status: code ? 'rejected' : 'applied', code, clientTime, receivedAt });
      return answer(m.id, code ? 'rejected' : 'applied', code ?? undefined, locale);
    });
    return outcome;
  }

  /** Runs the mutation's handler inside a savepoint: a rejection undoes its writes and keeps the transaction. */
  async function attempt(tx: Queryable, user: SessionUser, m: Mutation, lastSyncedAt: Date | null, clientTime: Date, receivedAt: Date): Promise<ErrorCode | null> {
    const definition = Object.hasOwn(registry, m.name) ? registry[m.name] : undefined;
    if (!definition) return 'mutation_unknown';
    if (!definition.roles.includes(user.role)) return 'forbidden';
    const parsed = v.safeParse(definition.schema, m.args);
    if (!parsed.success) return 'validation_failed';
    const ctx: MutationContext = { tx, user, services, mutationId: m.id, clientTime, receivedAt };
    await tx.query('SAVEPOINT mutation');
    try {
      const deadline = definition.deadline ? await definition.deadline(ctx, parsed.output) : null;
      if (deadline && !lateMutationAccepted({ receivedAt, deadline, graceMs: definition.graceMs ?? DEFAULT_GRACE_MS, clientTime, lastSyncedAt })) {
        throw new Rejected('deadline_passed');
      }
      const outcome: MutationOutcome = await definition.apply(ctx, parsed.output);
      if (!outcome.ok) throw new Rejected(outcome.code);
      await tx.query('RELEASE SAVEPOINT mutation');
      return null;
    } catch (error) {
      if (error instanceof Rejected || isPermanent(error)) {
        await tx.query('ROLLBACK TO SAVEPOINT mutation');
        return error instanceof Rejected ? error.code : 'mutation_invalid';
      }
      throw error;
    }
  }

  function answer(id: string, status: MutationResult['status'], code: ErrorCode | undefined, locale: Locale): MutationResult {
    return code ? { id, status, code, message: errorMessage(code, locale) } : { id, status };
  }

  /** What a person's devices may see: their own things, and their household's. */
  function scopesOf(user: SessionUser): store.Scope[] {
    const scopes: store.Scope[] = [{ type: 'user', id: user.id }];
    if (user.householdId) scopes.push({ type: 'household', id: user.householdId });
    return scopes;
  }

  /** The whole current state a new device starts from. */
  async function snapshot(user: SessionUser, locale: Locale): Promise<Change[]> {
    const changes: Change[] = [{ entity: 'me', id: user.id, data: await loadMe(db, user.id) }];
    if (user.householdId) changes.push({ entity: 'household', id: user.householdId, data: await loadHousehold(db, user.householdId) });
    return [...changes, ...(await wallet(user, locale))];
  }

  /** The wallet is read fresh on every pull: balances move through the ledger, not the change log. */
  async function wallet(user: SessionUser, locale: Locale): Promise<Change[]> {
    if (user.role !== 'guardian' && user.role !== 'youth') return [];
    const [accounts, history] = await Promise.all([services.wallet.accounts(user), services.wallet.history(user, null, 20, locale)]);
    return [{ entity: 'wallet', id: user.id, data: { accounts, history, now: clock.now().toISOString() } }];
  }

  return {
    /**
     * Applies a device's mutations in order, each in its own transaction. The push must continue the
     * device's sequence; a replayed mutation gets its first answer. A failure that is not the
     * mutation's fault (the database is down) throws: the whole push is answered 5xx and retried.
     */
    async push(user: SessionUser, push: PushInput, locale: Locale): Promise<PushResponse> {
      const mutations = [...push.mutations].sort((a, b) => a.seq - b.seq);
      if (mutations.some((m, i) => i > 0 && m.seq !== mutations[i - 1].seq + 1)) throw new AppError('sync_seq_gap');
      const client = await store.findClient(db, push.clientId);
      if (client && client.user_id !== user.id) throw new AppError('sync_client_not_yours');
      if (mutations[0].seq > (client?.last_seq ?? 0) + 1) throw new AppError('sync_seq_gap');
      const results: MutationResult[] = [];
      for (const m of mutations) results.push(await applyOne(user, m, locale));
      const after = await store.findClient(db, push.clientId);
      return { results, lastSeq: after?.last_seq ?? 0 };
    },

    /** Everything the person may see that changed since the cursor, and this device's refused mutations. */
    async pull(user: SessionUser, clientId: string, cursor: number | undefined, locale: Locale): Promise<PullResponse> {
      const client = await store.findClient(db, clientId);
      if (client && client.user_id !== user.id) throw new AppError('sync_client_not_yours');
      await store.touchClient(db, clientId, user.id, clock.now());
      const lastSeq = client?.last_seq ?? 0;
      const rejectionRows = client ? await store.rejectionsSince(db, clientId, cursor ?? 0) : [];
      const rejections = rejectionRows.map((r) => ({ id: r.id, seq: r.seq, name: r.name, code: r.code as ErrorCode, message: errorMessage(r.code as ErrorCode, locale) }));
      const rejectionsCursor = Math.max(0, ...rejectionRows.map((r) => r.sync_seq));

      if (cursor === undefined) {
        // A new device (or one that lost its data): read where the log stands first, then the state,
        // so a change made in between is pulled again rather than missed.
        const start = await store.lastChangeSeq(db);
        return { cursor: Math.max(start, rejectionsCursor), changes: await snapshot(user, locale), more: false, lastSeq, rejections };
      }
      const rows = await store.changesSince(db, scopesOf(user), cursor, MAX_PULL + 1);
      const more = rows.length > MAX_PULL;
      const page = rows.slice(0, MAX_PULL);
      const changes: Change[] = page.map((r) => ({ entity: r.entity, id: r.entity_id, data: r.data }));
      if (!more) changes.push(...(await wallet(user, locale)));
      const last = page.at(-1)?.seq ?? cursor;
      return { cursor: more ? last : Math.max(last, rejectionsCursor), changes, more, lastSeq, rejections };
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
