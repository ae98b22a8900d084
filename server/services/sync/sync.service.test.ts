import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../tests/support/database';
import { TestApp } from '../../../tests/support/app';
import { loadMe } from '../../store/accounts';
import { createServices } from '../index';
import type { SessionUser } from '../auth.service';
import { createSyncService, type SyncService } from './sync.service';
import { REGISTRY, type MutationRegistry } from '../../features';
import type { Mutation } from '$shared/sync';

const HOUR = 3_600_000;
/** What a mutation made up for a test declares, beside its handler. */
const testMutation = { args: v.object({}), version: 1, roles: ['guardian'], label: 'mutation_other', refusals: [], changes: [] } as const;

describe.each(ENGINES)('the sync service (%s)', (engine) => {
  let t: TestApp;
  let user: SessionUser;
  let sync: SyncService;
  const deadline = new Date('2026-11-25T12:00:00Z');
  let failuresLeft = 0;
  const registry: MutationRegistry = {
    ...REGISTRY,
    // A mutation with a deadline and a two-hour grace window, as bookings and applications will have.
    'test.book': {
      ...testMutation,
      args: v.object({ note: v.string() }),
      deadline: async () => deadline,
      graceMs: 2 * HOUR,
      async apply({ tx, mutationId }) {
        await tx.query('INSERT INTO audit_log (at, actor_id, action, object_type, object_id) VALUES (now(), NULL, $1, $2, $3)', [
          'test_book',
          'mutation',
          mutationId,
        ]);
        return { ok: true };
      },
    },
    // A mutation whose handler has a bug.
    'test.broken': {
      ...testMutation,
      async apply() {
        throw new TypeError('undefined is not a function');
      },
    },
    // A mutation that meets a passing outage (the database down) before it works.
    'test.flaky': {
      ...testMutation,
      async apply() {
        if (failuresLeft-- > 0) throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
        return { ok: true };
      },
    },
  };
  const at = (iso: string) => new Date(iso).toISOString();
  const device = () => {
    const clientId = randomUUID();
    let seq = 0;
    return {
      clientId,
      next: (name: string, args: unknown, clientTime: string): Mutation => ({
        id: randomUUID(),
        clientId,
        seq: ++seq,
        name,
        args,
        clientTime: at(clientTime),
      }),
    };
  };

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    const [row] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'guardian@demo.wishmi.test'");
    const me = (await loadMe(t.db, row.id))!;
    user = {
      id: me.id,
      role: me.role,
      language: me.language,
      householdId: me.household!.id,
      me,
      cardId: null,
      kioskId: null,
      assistedBy: null,
    };
    const services = createServices(t.db, t.clock);
    sync = createSyncService(t.db, t.clock, services, registry);
  });
  afterAll(() => t.close());

  const statusOf = async (m: Mutation) =>
    (await sync.push(user, { userId: user.id, clientId: m.clientId, mutations: [m] }, 'en')).results[0];

  it('accepts before the deadline whatever the device claims', async () => {
    t.clock.set('2026-11-25T11:00:00Z');
    const d = device();
    expect(await statusOf(d.next('test.book', { note: 'x' }, '2026-11-25T11:30:00Z'))).toMatchObject({ status: 'applied' });
  });

  it('accepts within the grace window what was made offline before the deadline, after the last sync', async () => {
    const d = device();
    t.clock.set('2026-11-25T09:00:00Z');
    await sync.pull(user, user.id, d.clientId, undefined, 'en');
    expect(await statusOf(d.next('test.book', { note: 'a' }, '2026-11-25T09:00:00Z'))).toMatchObject({ status: 'applied' });
    // Synced at 09:00; offline from then, booked at 11:50, back online at 13:30.
    t.clock.set('2026-11-25T13:30:00Z');
    expect(await statusOf(d.next('test.book', { note: 'b' }, '2026-11-25T11:50:00Z'))).toMatchObject({ status: 'applied' });
  });

  it('refuses a device that backdates an action to before its own last sync', async () => {
    const d = device();
    t.clock.set('2026-11-25T11:55:00Z');
    await sync.pull(user, user.id, d.clientId, undefined, 'en');
    expect(await statusOf(d.next('test.book', { note: 'a' }, '2026-11-25T11:55:00Z'))).toMatchObject({ status: 'applied' });
    t.clock.set('2026-11-25T12:30:00Z');
    // Its last confirmed sync was at 11:55: it cannot have acted at 11:00 without the server knowing.
    expect(await statusOf(d.next('test.book', { note: 'b' }, '2026-11-25T11:00:00Z'))).toMatchObject({
      status: 'rejected',
      code: 'deadline_passed',
    });
  });

  it('judges a device that never pulled from its first contact: it cannot backdate either', async () => {
    const d = device();
    t.clock.set('2026-11-25T12:30:00Z');
    // First contact after the deadline, claiming an action at 11:00: nothing proves it was offline then.
    expect(await statusOf(d.next('test.book', { note: 'a' }, '2026-11-25T11:00:00Z'))).toMatchObject({
      status: 'rejected',
      code: 'deadline_passed',
    });
  });

  it('does not take a push for the time of a sync: a second push of offline work is judged like the first', async () => {
    const d = device();
    t.clock.set('2026-11-25T11:00:00Z');
    await sync.pull(user, user.id, d.clientId, undefined, 'en');
    t.clock.set('2026-11-25T12:20:00Z');
    expect(await statusOf(d.next('test.book', { note: 'a' }, '2026-11-25T11:30:00Z'))).toMatchObject({ status: 'applied' });
    expect(await statusOf(d.next('test.book', { note: 'b' }, '2026-11-25T11:40:00Z'))).toMatchObject({ status: 'applied' });
  });

  it('refuses a mutation whose handler fails for a reason of its own, so the outbox behind it goes on', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const d = device();
    const batch = [
      d.next('test.broken', {}, '2026-11-25T10:00:00Z'),
      d.next('profile.update', { name: 'Amina Haddad' }, '2026-11-25T10:00:00Z'),
    ];
    const res = await sync.push(user, { userId: user.id, clientId: d.clientId, mutations: batch }, 'en');
    expect(res.results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'mutation_invalid'],
      ['applied', undefined],
    ]);
  });

  it("applies, once, a change queued under its arguments' old shape before a deploy changed them", async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const noted = async (note: string) =>
      (
        await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'test_note' AND object_type = $1", [note])
      )[0].n;
    const note = (version: number, args: v.GenericSchema, upgrades?: Record<number, (old: unknown) => unknown>) => ({
      ...testMutation,
      args,
      version,
      upgrades,
      async apply(
        { tx, mutationId }: { tx: { query: (sql: string, params: unknown[]) => Promise<unknown> }; mutationId: string },
        input: unknown,
      ) {
        await tx.query("INSERT INTO audit_log (at, actor_id, action, object_type, object_id) VALUES (now(), NULL, 'test_note', $1, $2)", [
          (input as { text: string }).text,
          mutationId,
        ]);
        return { ok: true as const };
      },
    });
    // Before the deploy: the note's text is called `note`. A device queues one offline under that shape.
    const before = createSyncService(t.db, t.clock, createServices(t.db, t.clock), {
      ...registry,
      'test.note': note(
        1,
        v.pipe(
          v.object({ note: v.string() }),
          v.transform(({ note: text }) => ({ text })),
        ),
      ),
    });
    const d = device();
    await before.pull(user, user.id, d.clientId, undefined, 'en');
    const queued = { ...d.next('test.note', { note: 'queued offline' }, '2026-11-25T10:00:00Z'), v: 1 };
    // The deploy: the text is now `text`, and version 1's arguments are brought forward on receipt.
    const after = createSyncService(t.db, t.clock, createServices(t.db, t.clock), {
      ...registry,
      'test.note': note(2, v.object({ text: v.string() }), { 1: (old) => ({ text: (old as { note: string }).note }) }),
    });
    const first = await after.push(user, { userId: user.id, clientId: d.clientId, mutations: [queued] }, 'en');
    expect(first.results).toEqual([{ id: queued.id, status: 'applied' }]);
    expect(await noted('queued offline')).toBe(1);
    // The answer was lost and the device sends it again: applied once.
    const again = await after.push(user, { userId: user.id, clientId: d.clientId, mutations: [queued] }, 'en');
    expect(again.results).toEqual([{ id: queued.id, status: 'duplicate' }]);
    expect(await noted('queued offline')).toBe(1);
    // A shape with no step leading from it is refused as invalid, not guessed at.
    const orphan = { ...d.next('test.note', { note: 'lost' }, '2026-11-25T10:00:00Z'), v: 1 };
    const stranded = createSyncService(t.db, t.clock, createServices(t.db, t.clock), {
      ...registry,
      'test.note': note(2, v.object({ text: v.string() })),
    });
    expect((await stranded.push(user, { userId: user.id, clientId: d.clientId, mutations: [orphan] }, 'en')).results[0]).toMatchObject({
      status: 'rejected',
      code: 'validation_failed',
    });
    expect(await noted('lost')).toBe(0);
  });

  it('refuses an outbox sent for another person than the one signed in', async () => {
    const d = device();
    const m = d.next('profile.update', { name: 'Not Amina' }, '2026-11-25T10:00:00Z');
    await expect(
      sync.push(user, { userId: '00000000-0000-4000-8000-000000000000', clientId: d.clientId, mutations: [m] }, 'en'),
    ).rejects.toMatchObject({ code: 'sync_client_not_yours' });
    await expect(sync.pull(user, '00000000-0000-4000-8000-000000000000', d.clientId, undefined, 'en')).rejects.toMatchObject({
      code: 'sync_client_not_yours',
    });
    expect((await loadMe(t.db, user.id))!.name).not.toBe('Not Amina');
  });

  it('refuses what was made after the deadline, and anything after the grace window', async () => {
    const d = device();
    t.clock.set('2026-11-25T12:30:00Z');
    expect(await statusOf(d.next('test.book', { note: 'late' }, '2026-11-25T12:10:00Z'))).toMatchObject({
      status: 'rejected',
      code: 'deadline_passed',
    });
    t.clock.set('2026-11-25T14:00:01Z');
    expect(await statusOf(d.next('test.book', { note: 'later' }, '2026-11-25T11:00:00Z'))).toMatchObject({
      status: 'rejected',
      code: 'deadline_passed',
      message: expect.stringContaining('deadline'),
    });
  });

  it('fails the whole push on a passing outage, keeping nothing of it, and applies the same bytes once on retry', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const d = device();
    const batch = [
      d.next('profile.update', { name: 'Amina Outage' }, '2026-11-25T10:00:00Z'),
      d.next('test.flaky', {}, '2026-11-25T10:00:00Z'),
    ];
    failuresLeft = 1;
    await expect(sync.push(user, { userId: user.id, clientId: d.clientId, mutations: batch }, 'en')).rejects.toThrow('connection lost');
    expect((await loadMe(t.db, user.id))!.name).not.toBe('Amina Outage');
    const retry = await sync.push(user, { userId: user.id, clientId: d.clientId, mutations: batch }, 'en');
    expect(retry.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(retry.lastSeq).toBe(2);
    expect((await sync.push(user, { userId: user.id, clientId: d.clientId, mutations: batch }, 'en')).results.map((r) => r.status)).toEqual(
      ['duplicate', 'duplicate'],
    );
    expect((await loadMe(t.db, user.id))!.name).toBe('Amina Outage');
  });

  it('records the new state of a thing once however many mutations of a push changed it', async () => {
    const d = device();
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_changes WHERE entity = 'me'"))[0].n;
    const batch = Array.from({ length: 20 }, (_, i) => d.next('profile.update', { name: `Amina ${i}` }, '2026-11-25T10:00:00Z'));
    await sync.push(user, { userId: user.id, clientId: d.clientId, mutations: batch }, 'en');
    const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_changes WHERE entity = 'me'"))[0].n;
    expect(after - before).toBe(1);
    const pulled = await sync.pull(user, user.id, d.clientId, 0, 'en');
    expect(pulled.changes.filter((c) => c.entity === 'me').at(-1)!.data).toMatchObject({ name: 'Amina 19' });
  });
});
