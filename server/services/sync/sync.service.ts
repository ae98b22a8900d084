import * as v from 'valibot';
import type { Db, Queryable } from '../../store/db';
import type { Clock } from '../../clock';
import * as store from '../../store/sync';
import { recordAssisted } from '../../store/accounts';
import { AppError, Refused } from '../../errors';
import { isPassing } from '../../store/retry';
import type { SessionUser } from '../auth.service';
import type { ErrorCode } from '$shared/errors';
import type { Locale } from '$shared/locale';
import { errorMessage, translate } from '$shared/i18n/translate';
import { entityId, type Entity } from '$shared/entities';
import { upgradeArgs } from '$shared/mutation';
import {
  lateMutationAccepted,
  MAX_PULL,
  MIN_PROTOCOL,
  PROTOCOL,
  type Change,
  type Mutation,
  type MutationResult,
  type PullResponse,
  type PushInput,
  type PushResponse,
} from '$shared/sync';
import { Changes } from './publish';
import { ENTITIES, REGISTRY, type MutationRegistry } from '../../features';
import type { MutationContext, MutationOutcome, SyncServices } from '../../features/types';

/** How long after a deadline an offline action made before it still counts, unless its mutation says otherwise. */
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

/** Refusals any mutation may meet, whatever it declares: who may send it, its arguments, its deadline. */
const COMMON_REFUSALS: readonly ErrorCode[] = ['forbidden', 'validation_failed', 'mutation_invalid', 'deadline_passed'];

/** A device too old or too new for this server is told so, and nothing of its push or pull is read. */
export function checkProtocol(protocol: number): void {
  if (protocol < MIN_PROTOCOL) throw new AppError('sync_client_too_old');
  if (protocol > PROTOCOL) throw new AppError('sync_server_too_old');
}

export function createSyncService(db: Db, clock: Clock, services: SyncServices, registry: MutationRegistry = REGISTRY) {
  /**
   * Runs one mutation inside a savepoint of the push's transaction: applied, or refused with its own
   * writes (and the changes it noted) undone while the rest of the push goes on.
   */
  async function attempt(
    tx: Queryable,
    changes: Changes,
    user: SessionUser,
    m: Mutation,
    lastSyncedAt: Date | null,
    receivedAt: Date,
  ): Promise<ErrorCode | null> {
    const definition = Object.hasOwn(registry, m.name) ? registry[m.name] : undefined;
    if (!definition) return 'mutation_unknown';
    if (!definition.roles.includes(user.role)) return 'forbidden';
    // Queued under an older shape before a deploy changed it: brought to the current one first.
    const upgraded = upgradeArgs(definition, m.v ?? 1, m.args);
    if (!upgraded) return 'validation_failed';
    const parsed = v.safeParse(definition.args, upgraded.args);
    if (!parsed.success) return 'validation_failed';
    const clientTime = new Date(m.clientTime);
    const ctx: MutationContext = { tx, changes, user, services, mutationId: m.id, clientTime, receivedAt, lastSyncedAt };
    const noted = changes.mark();
    await tx.query('SAVEPOINT mutation');
    try {
      const found = definition.deadline ? await definition.deadline(ctx, parsed.output) : null;
      const deadline = found instanceof Date ? { at: found, graceMs: definition.graceMs ?? DEFAULT_GRACE_MS } : found;
      if (deadline && !lateMutationAccepted({ receivedAt, deadline: deadline.at, graceMs: deadline.graceMs, clientTime, lastSyncedAt })) {
        throw new Refused(definition.deadlineCode ?? 'deadline_passed');
      }
      const outcome: MutationOutcome = await definition.apply(ctx, parsed.output);
      if (!outcome.ok) {
        if (
          !definition.refusals.includes(outcome.code) &&
          !COMMON_REFUSALS.includes(outcome.code) &&
          outcome.code !== definition.deadlineCode
        ) {
          console.error(`Mutation ${m.name} was refused with ${outcome.code}, which it does not declare among its refusals.`);
        }
        throw new Refused(outcome.code);
      }
      const undeclared = changes.notedSince(noted).filter((entity) => !definition.changes.includes(entity));
      if (undeclared.length) throw new Error(`Mutation ${m.name} changed ${undeclared.join(', ')}, which it does not declare.`);
      await tx.query('RELEASE SAVEPOINT mutation');
      return null;
    } catch (error) {
      // Not the mutation's fault (the database is down): the whole push fails and the device sends it again.
      if (isPassing(error)) throw error;
      if (!(error instanceof Refused)) console.error(`Mutation ${m.name} ${m.id} failed and is refused:`, error);
      await tx.query('ROLLBACK TO SAVEPOINT mutation');
      changes.restore(noted);
      return error instanceof Refused ? error.code : 'mutation_invalid';
    }
  }

  /** How a mutation is named to the person, in their language. */
  function action(name: string, locale: Locale): string {
    const label = Object.hasOwn(registry, name) ? registry[name].label : 'mutation_other';
    return translate(label, locale);
  }

  function answer(id: string, name: string, status: MutationResult['status'], code: ErrorCode | undefined, locale: Locale): MutationResult {
    return code ? { id, status, code, message: errorMessage(code, locale), action: action(name, locale) } : { id, status };
  }

  /** What a person's devices may see: their own things, and their household's. */
  function scopesOf(user: SessionUser): store.Scope[] {
    const scopes: store.Scope[] = [{ type: 'user', id: user.id }];
    if (user.householdId) scopes.push({ type: 'household', id: user.householdId });
    return scopes;
  }

  /** The entities this person is sent, with the id each is kept under. */
  function entitiesOf(user: SessionUser, which: 'all' | 'fresh'): [Entity, string][] {
    const found: [Entity, string][] = [];
    for (const entity of Object.keys(ENTITIES) as Entity[]) {
      const declaration = ENTITIES[entity];
      const id = entityId(entity, user);
      if (id === null || !declaration.roles.includes(user.role) || (which === 'fresh' && 'load' in declaration)) continue;
      found.push([entity, id]);
    }
    return found;
  }

  /** Reads entities as they are now: logged ones from their tables, the others fresh. */
  async function read(user: SessionUser, locale: Locale, which: 'all' | 'fresh'): Promise<Change[]> {
    const changes: Change[] = [];
    for (const [entity, id] of entitiesOf(user, which)) {
      const declaration = ENTITIES[entity];
      const data = 'load' in declaration ? await declaration.load(db, id) : await declaration.read({ db, services, user, locale }, id);
      changes.push({ entity, id, data });
    }
    return changes;
  }

  return {
    /**
     * Applies a device's mutations in order, each in its own subtransaction (a savepoint) of the push's
     * transaction: a refused one is undone alone and recorded, and the rest go on. The push must
     * continue the device's sequence; a replayed mutation gets its first answer. A failure that is not
     * a mutation's fault (the database is down) throws: the whole push is answered 5xx, nothing of it
     * stays, and the device sends the same bytes again.
     */
    async push(user: SessionUser, push: PushInput, locale: Locale): Promise<PushResponse> {
      // A mutation queued under a shape newer than this server knows: the device is ahead of it (a
      // deploy rolled back, or not yet everywhere), and keeps its outbox until the server catches up.
      if (push.mutations.some((m) => Object.hasOwn(registry, m.name) && (m.v ?? 1) > registry[m.name].version))
        throw new AppError('sync_server_too_old');
      const mutations = [...push.mutations].sort((a, b) => a.seq - b.seq);
      if (mutations.some((m, i) => i > 0 && m.seq !== mutations[i - 1].seq + 1)) throw new AppError('sync_seq_gap');
      if (push.userId !== user.id) throw new AppError('sync_client_not_yours');
      return db.transaction(async (tx) => {
        const receivedAt = clock.now();
        const client = await store.lockClient(tx, push.clientId, user.id, receivedAt);
        if (client.user_id !== user.id) throw new AppError('sync_client_not_yours');
        // A device that never pulled cannot have acted before its first contact with the server.
        const lastSyncedAt = client.last_synced_at ?? client.created_at;
        if (mutations[0].seq > client.last_seq + 1) throw new AppError('sync_seq_gap');
        const known = await store.findMutationsByIds(
          tx,
          mutations.map((m) => m.id),
        );
        const changes = new Changes();
        const results: MutationResult[] = [];
        const records: store.MutationRecord[] = [];
        let lastSeq = client.last_seq;
        for (const m of mutations) {
          const first = known.get(m.id);
          if (first) {
            // The same mutation again (a retry after a lost answer, or a device that renumbered its
            // outbox): the first answer, and nothing changes.
            results.push(answer(m.id, m.name, 'duplicate', (first.code as ErrorCode | null) ?? undefined, locale));
            lastSeq = Math.max(lastSeq, m.seq);
            continue;
          }
          if (m.seq <= lastSeq) throw new AppError('sync_seq_reused');
          const code = await attempt(tx, changes, user, m, lastSyncedAt, receivedAt);
          const status = code ? 'rejected' : 'applied';
          records.push({ seq: m.seq, id: m.id, name: m.name, status, code, clientTime: new Date(m.clientTime) });
          known.set(m.id, { id: m.id, seq: m.seq, name: m.name, status, code, sync_seq: 0 });
          results.push(answer(m.id, m.name, status, code ?? undefined, locale));
          lastSeq = m.seq;
        }
        await store.recordMutations(tx, push.clientId, records, lastSeq, receivedAt);
        // At the hub's desk: each change is recorded as the operator's, for the family's history.
        if (user.assistedBy && user.householdId)
          for (const r of records.filter((r) => r.status === 'applied'))
            await recordAssisted(tx, { householdId: user.householdId, operatorId: user.assistedBy, action: r.name, at: receivedAt });
        await changes.flush(tx, receivedAt);
        return { results, lastSeq };
      });
    },

    /** Everything the person may see that changed since the cursor, and this device's refused mutations. */
    async pull(user: SessionUser, userId: string, clientId: string, cursor: number | undefined, locale: Locale): Promise<PullResponse> {
      if (userId !== user.id) throw new AppError('sync_client_not_yours');
      const client = await store.findClient(db, clientId);
      if (client && client.user_id !== user.id) throw new AppError('sync_client_not_yours');
      const now = clock.now();
      await store.touchClient(db, clientId, user.id, now);
      // Everything up to `upTo` is committed, and nothing committed later can be numbered below it.
      const upTo = await db.transaction((tx) => store.committedSeq(tx));
      const from = cursor ?? 0;
      const rejections = (client ? await store.rejectionsSince(db, clientId, from, upTo) : []).map((r) => ({
        id: r.id,
        seq: r.seq,
        name: r.name,
        code: r.code as ErrorCode,
        message: errorMessage(r.code as ErrorCode, locale),
        action: action(r.name, locale),
      }));
      const base = { lastSeq: client?.last_seq ?? 0, rejections, serverTime: now.toISOString() };
      // A new device (or one that lost its data) starts from the whole current state, read after `upTo`,
      // so a change made in between is pulled again rather than missed.
      if (cursor === undefined) return { ...base, cursor: upTo, changes: await read(user, locale, 'all'), more: false };
      const rows = await store.changesSince(db, scopesOf(user), cursor, upTo, MAX_PULL + 1);
      const more = rows.length > MAX_PULL;
      const page = rows.slice(0, MAX_PULL);
      const changes: Change[] = page.map((r) => ({ entity: r.entity, id: r.entity_id, data: r.data }));
      if (!more) changes.push(...(await read(user, locale, 'fresh')));
      return { ...base, cursor: more ? page[page.length - 1].seq : Math.max(upTo, cursor), changes, more };
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
