import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENGINES } from '../../tests/support/database';
import { sessionCookie, TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { checkInvariants } from '../store/ledger';
import { fromBase64Url } from '$shared/booking-code';
import { checkinDigits, windowOf, type StaffPlace } from '$shared/checkin';
import { type GameSnapshot } from '$shared/game';
import type { Mutation } from '$shared/sync';

const NOW = '2026-11-25T10:00:00.000Z';

/** What one of a youth's phones does next: check in at the hub, answer the mission's poll, or send its last push again. */
type Action = { device: number; kind: 'checkin' | 'poll' | 'replay' };

describe.each(ENGINES)('a mission’s reward under replays from many devices (%s)', (engine) => {
  let t: TestApp;
  let hub: StaffPlace;
  let guardian: string;
  let missionId: string;

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: NOW });
    const hubCookie = await t.signIn('hub@demo.wishmi.test');
    [hub] = (await t.call<{ places: StaffPlace[] }>('GET', '/api/checkin/places', { cookie: hubCookie })).body.places;
    guardian = await t.signIn('guardian@demo.wishmi.test');
    [{ id: missionId }] = await t.db.query<{ id: string }>("SELECT id FROM missions WHERE title->>'it' = 'Scopri il tuo hub'");
  });
  afterAll(() => t.close());

  /** A new youth of the Haddads, with her own sign-in: each run starts from the welcome credits. */
  async function newYouth(): Promise<{ cookie: string; id: string }> {
    const minorId = randomUUID();
    const pushed = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { id: minorId, name: `Youth ${minorId.slice(0, 8)}`, birthDate: '2011-02-03', disability: false },
    });
    const email = `${minorId}@play.example`;
    const made = await t.call('POST', `/api/household/minors/${pushed.body.minor.id}/sign-in`, {
      cookie: guardian,
      body: { email, password: 'una password lunga' },
    });
    expect(made.status).toBe(201);
    const signed = await t.call('POST', '/api/auth/login', { body: { email, password: 'una password lunga' } });
    const cookie = sessionCookie(signed.headers);
    return { cookie, id: (await t.call('GET', '/api/me', { cookie })).body.me.id };
  }

  it('pays the reward and the badge once, and keeps the credit ledger balanced, whatever the devices send and resend', async () => {
    const code = `${hub.code}-${await checkinDigits(fromBase64Url(hub.secret)!, hub.code, 'visit', windowOf(Date.parse(NOW)))}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ device: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom<Action['kind']>('checkin', 'poll', 'replay') }),
          { minLength: 1, maxLength: 12 },
        ),
        async (actions) => {
          const youth = await newYouth();
          const devices = [new Device(), new Device(), new Device()];
          const last: (Mutation[] | null)[] = [null, null, null];
          for (const d of devices)
            await t.call('GET', `/api/sync/pull?userId=${youth.id}&clientId=${d.clientId}`, { cookie: youth.cookie });
          // The devices' pushes go two at a time, as phones coming back online together would (one phone
          // never pushes twice at once: its sync engine sends one push at a time).
          for (let i = 0; i < actions.length; i += 2) {
            const pair = actions.slice(i, i + 2);
            const together = pair.length === 2 && pair[0].device !== pair[1].device;
            const run = (step: (action: Action) => Promise<void>) =>
              together ? Promise.all(pair.map(step)) : pair.reduce((done, a) => done.then(() => step(a)), Promise.resolve());
            await run(async ({ device, kind }) => {
              const d = devices[device];
              const mutations =
                kind === 'replay'
                  ? last[device]
                  : [
                      d.mutation(
                        kind === 'checkin' ? 'checkin.create' : 'poll.answer',
                        kind === 'checkin' ? { id: randomUUID(), code } : { missionId, step: 1, option: 0 },
                        NOW,
                      ),
                    ];
              if (!mutations) return;
              last[device] = mutations;
              const res = await t.call('POST', '/api/sync/push', {
                cookie: youth.cookie,
                body: { userId: youth.id, clientId: d.clientId, mutations },
              });
              expect(res.status).toBe(200);
            });
          }
          const checkedIn = actions.some((a) => a.kind === 'checkin');
          const answered = actions.some((a) => a.kind === 'poll');
          const sum = async (code: string) =>
            Number(
              (
                await t.db.query<{ s: string }>(
                  'SELECT coalesce(sum(amount), 0)::text AS s FROM ledger_transfers WHERE code = $1 AND credit_account_id IN (SELECT id FROM ledger_accounts WHERE owner_id = $2)',
                  [code, youth.id],
                )
              )[0].s,
            );
          expect(await sum('checkin_reward')).toBe(checkedIn ? 5 : 0);
          expect(await sum('mission_reward')).toBe(checkedIn && answered ? 50 : 0);
          const pulled = await t.call('GET', `/api/sync/pull?userId=${youth.id}&clientId=${randomUUID()}`, { cookie: youth.cookie });
          const game = pulled.body.changes.find((c: { entity: string }) => c.entity === 'game').data as GameSnapshot;
          expect(game.badges.filter((b) => b.key === 'mission_city')).toHaveLength(checkedIn && answered ? 1 : 0);
          expect(game.credits.earned).toBe(100 + (checkedIn ? 5 : 0) + (checkedIn && answered ? 50 : 0));
          expect((await checkInvariants(t.db)).filter((c) => !c.ok)).toEqual([]);
        },
      ),
      { numRuns: 8 },
    );
  });
});
