import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { CATEGORIES, type Category } from './category';
import { issueToField } from './validation';
import { BADGE_KEYS, BADGES, badgesEarned, badgeSvg, type Achievements } from './badges';
import {
  CHECKIN_CLOCK_SKEW_MS,
  CHECKIN_EXPIRED_LOOKBACK_WINDOWS,
  CHECKIN_LATE_MS,
  CHECKIN_PURPOSES,
  CHECKIN_WINDOW_MS,
  checkinDigits,
  CheckinSchema,
  checkinTimeProblem,
  parseCheckinCode,
  PLACE_CODE,
  placeCodeFrom,
  qrText,
  shortCode,
  windowOf,
  judgeCheckinCode,
  type CheckinPurpose,
} from './checkin';
import {
  factDoesStep,
  firstTries,
  missionComplete,
  MissionInputSchema,
  missionOpenTo,
  missionProgress,
  type Fact,
  type MissionRule,
  type Step,
} from './missions';
import { guardianSeesActivity, inQuietHours, PseudonymSchema, pseudonymChoices, PSEUDONYM_WORDS } from './game';
import { LEVEL_THRESHOLDS, levelFor, MAX_FREEZES, streakOf, weekOf } from './streaks';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The issues a schema reports, each with its dotted path. */
function issuesOf(schema: v.GenericSchema, input: unknown): { path: string; message: string }[] {
  const result = v.safeParse(schema, input);
  return (result.issues ?? []).map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join('.') ?? '',
    message: issue.message,
  }));
}

// ---------------------------------------------------------------------------------------------
// Check-in codes
// ---------------------------------------------------------------------------------------------

/** A fixed place secret (bytes 1..32), the place it belongs to, and a scan on 1 April 2026 at 10:03 UTC. */
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const PLACE = 'H7KQ';
const SCAN = new Date('2026-04-01T10:03:00.000Z');
const SCAN_WINDOW = windowOf(SCAN.getTime());

const codeAt = async (window: number, purpose: CheckinPurpose = 'visit', secret = SECRET, place = PLACE) => ({
  place,
  digits: await checkinDigits(secret, place, purpose, window),
});

/** Six digits this place never showed for either purpose in the windows the judge looks at. */
async function digitsNeverShown(secret: Uint8Array, place: string, scanWindow: number): Promise<string> {
  const shown = new Set<string>();
  for (let w = scanWindow + 1; w >= scanWindow - CHECKIN_EXPIRED_LOOKBACK_WINDOWS; w--) {
    for (const purpose of CHECKIN_PURPOSES) shown.add(await checkinDigits(secret, place, purpose, w));
  }
  for (let n = 0; ; n++) {
    const digits = String(n).padStart(6, '0');
    if (!shown.has(digits)) return digits;
  }
}

const PLACE_CHARS = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'];
const placeArb = fc.string({ unit: fc.constantFrom(...PLACE_CHARS), minLength: 4, maxLength: 4 });

describe('windowOf and placeCodeFrom: the pieces a code is made of', () => {
  it('starts a new window every two minutes, exactly on the boundary', () => {
    const start = SCAN_WINDOW * CHECKIN_WINDOW_MS;
    expect(windowOf(start)).toBe(SCAN_WINDOW);
    expect(windowOf(start + CHECKIN_WINDOW_MS - 1)).toBe(SCAN_WINDOW);
    expect(windowOf(start + CHECKIN_WINDOW_MS)).toBe(SCAN_WINDOW + 1);
    expect(windowOf(start - 1)).toBe(SCAN_WINDOW - 1);
  });

  it('reads four bytes as four characters of the place alphabet, modulo 32', () => {
    expect(placeCodeFrom(Uint8Array.from([0, 1, 2, 3]))).toBe('0123');
    expect(placeCodeFrom(Uint8Array.from([31, 32, 63, 255, 9, 9]))).toBe('Z0ZZ');
    expect(placeCodeFrom(Uint8Array.from([10, 18, 21, 27]))).toBe('AJNV');
  });

  it('always makes a valid place code from random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 16 }), (bytes) => {
        expect(placeCodeFrom(bytes)).toMatch(PLACE_CODE);
      }),
    );
  });
});

describe('checkinDigits: the six digits a place shows', () => {
  it('is the same six digits every time for a fixed secret, place, purpose and window', async () => {
    // Pinned from an independent HMAC-SHA256 with HOTP truncation (node:crypto).
    expect(await checkinDigits(SECRET, PLACE, 'visit', SCAN_WINDOW)).toBe('328101');
    expect(await checkinDigits(SECRET, PLACE, 'project', SCAN_WINDOW)).toBe('209498');
    expect(await checkinDigits(SECRET, PLACE, 'visit', SCAN_WINDOW)).toBe('328101');
  });

  it('pads a small value with leading zeros to six digits', async () => {
    expect(await checkinDigits(SECRET, PLACE, 'project', 14_799_661)).toBe('003529');
  });

  it('gives different digits for another purpose, window, place or secret', async () => {
    const base = await checkinDigits(SECRET, PLACE, 'visit', SCAN_WINDOW);
    expect(await checkinDigits(SECRET, PLACE, 'project', SCAN_WINDOW)).not.toBe(base);
    expect(await checkinDigits(SECRET, PLACE, 'visit', SCAN_WINDOW + 1)).not.toBe(base);
    expect(await checkinDigits(SECRET, 'H7KR', 'visit', SCAN_WINDOW)).not.toBe(base);
    expect(await checkinDigits(OTHER_SECRET, PLACE, 'visit', SCAN_WINDOW)).not.toBe(base);
  });

  it('mostly changes from one window to the next, and always looks like six digits', async () => {
    const all: string[] = [];
    for (let w = SCAN_WINDOW; w < SCAN_WINDOW + 50; w++) all.push(await checkinDigits(SECRET, PLACE, 'visit', w));
    for (const digits of all) expect(digits).toMatch(/^\d{6}$/);
    expect(new Set(all).size).toBeGreaterThanOrEqual(48);
  });
});

describe('parseCheckinCode, shortCode and qrText: reading a code as scanned or typed', () => {
  const code = { place: 'H7KQ', digits: '482913' };

  it('writes the short form with a dash and the QR form with its prefix', () => {
    expect(shortCode(code)).toBe('H7KQ-482913');
    expect(qrText(code)).toBe('WMC:H7KQ-482913');
  });

  it('reads back the short form and the QR form', () => {
    expect(parseCheckinCode('H7KQ-482913')).toEqual(code);
    expect(parseCheckinCode('WMC:H7KQ-482913')).toEqual(code);
  });

  it('ignores case, spaces, dashes and surrounding white space, and a lower-case prefix', () => {
    for (const text of [
      'h7kq-482913',
      'H7KQ482913',
      ' H7KQ 482 913 ',
      'H-7-K-Q-4-8-2-9-1-3',
      'wmc:h7kq-482913',
      'WMC: H7KQ 482913',
      '\tWMC:H7KQ-482-913\n',
    ]) {
      expect(parseCheckinCode(text), text).toEqual(code);
    }
  });

  it('reads O as 0 and I or L as 1 in the place, in either case', () => {
    expect(parseCheckinCode('HOKQ-482913')).toEqual({ place: 'H0KQ', digits: '482913' });
    expect(parseCheckinCode('hikq-482913')).toEqual({ place: 'H1KQ', digits: '482913' });
    expect(parseCheckinCode('HLKQ-482913')).toEqual({ place: 'H1KQ', digits: '482913' });
    expect(parseCheckinCode('oilo-000000')).toEqual({ place: '0110', digits: '000000' });
  });

  it('refuses a U in the place, which the alphabet leaves out', () => {
    expect(parseCheckinCode('HUKQ-482913')).toBeNull();
  });

  it('refuses too few or too many characters', () => {
    for (const text of ['', 'WMC:', 'H7KQ', 'H7KQ-48291', 'H7KQ-4829134', 'H7K-482913', 'H7KQX-482913', 'WMC:123456']) {
      expect(parseCheckinCode(text), text).toBeNull();
    }
  });

  it('refuses letters among the digits, O and I included', () => {
    for (const text of ['H7KQ-48291A', 'H7KQ-4829O3', 'H7KQ-48291I', 'H7KQ-ABCDEF']) expect(parseCheckinCode(text), text).toBeNull();
  });

  it('refuses other punctuation, a doubled prefix and a prefix in the wrong place', () => {
    for (const text of ['H7KQ.482913', 'H7KQ_482913', 'WMC:WMC:H7KQ-482913', 'H7KQ-482913WMC:', 'WMCH7KQ-482913'])
      expect(parseCheckinCode(text), text).toBeNull();
  });

  it('does not take a booking code or a web link for a check-in code', () => {
    expect(parseCheckinCode('WM1.eyJiIjoiMSJ9.c2lnbmF0dXJl')).toBeNull();
    expect(parseCheckinCode('WM1.abc.defg')).toBeNull();
    expect(parseCheckinCode('WM1.ab.cdef')).toBeNull();
    expect(parseCheckinCode('https://wishmi.example/c/H7KQ-482913')).toBeNull();
  });

  it('reads back every code it writes, in both forms', () => {
    fc.assert(
      fc.property(placeArb, fc.integer({ min: 0, max: 999_999 }), (place, n) => {
        const c = { place, digits: String(n).padStart(6, '0') };
        expect(parseCheckinCode(shortCode(c))).toEqual(c);
        expect(parseCheckinCode(qrText(c))).toEqual(c);
        expect(parseCheckinCode(qrText(c).toLowerCase())).toEqual(c);
      }),
    );
  });
});

describe('judgeCheckinCode: whether digits were shown near the scan', () => {
  it('accepts the code of the scan window with its purpose and window', async () => {
    expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW, 'visit'), SCAN)).toEqual({
      ok: true,
      purpose: 'visit',
      window: SCAN_WINDOW,
    });
    expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW, 'project'), SCAN)).toEqual({
      ok: true,
      purpose: 'project',
      window: SCAN_WINDOW,
    });
  });

  it('accepts a code one window ahead (the kiosk’s clock ahead) and up to two windows behind', async () => {
    for (const offset of [1, -1, -2]) {
      for (const purpose of CHECKIN_PURPOSES) {
        expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW + offset, purpose), SCAN), `${purpose} ${offset}`).toEqual({
          ok: true,
          purpose,
          window: SCAN_WINDOW + offset,
        });
      }
    }
  });

  it('measures windows from the scan time, at the very start and end of its window', async () => {
    const start = new Date(SCAN_WINDOW * CHECKIN_WINDOW_MS);
    const end = new Date((SCAN_WINDOW + 1) * CHECKIN_WINDOW_MS - 1);
    const old = await codeAt(SCAN_WINDOW - 2);
    expect(await judgeCheckinCode(SECRET, old, start)).toMatchObject({ ok: true });
    expect(await judgeCheckinCode(SECRET, old, end)).toMatchObject({ ok: true });
    expect(await judgeCheckinCode(SECRET, old, new Date(end.getTime() + 1))).toEqual({ ok: false, code: 'checkin_code_expired' });
  });

  it('calls a code three windows old, or up to a day old, expired', async () => {
    for (const offset of [-3, -4, -30, -CHECKIN_EXPIRED_LOOKBACK_WINDOWS]) {
      expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW + offset, 'project'), SCAN), String(offset)).toEqual({
        ok: false,
        code: 'checkin_code_expired',
      });
    }
  });

  it('calls a code older than the lookback, or two windows ahead, invalid', async () => {
    expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW - CHECKIN_EXPIRED_LOOKBACK_WINDOWS - 1), SCAN)).toEqual({
      ok: false,
      code: 'checkin_code_invalid',
    });
    expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW + 2), SCAN)).toEqual({ ok: false, code: 'checkin_code_invalid' });
  });

  it('calls digits this place never showed invalid', async () => {
    const digits = await digitsNeverShown(SECRET, PLACE, SCAN_WINDOW);
    expect(await judgeCheckinCode(SECRET, { place: PLACE, digits }, SCAN)).toEqual({ ok: false, code: 'checkin_code_invalid' });
  });

  it('calls a code of another secret or another place invalid', async () => {
    expect(await judgeCheckinCode(SECRET, await codeAt(SCAN_WINDOW, 'visit', OTHER_SECRET), SCAN)).toEqual({
      ok: false,
      code: 'checkin_code_invalid',
    });
    const elsewhere = await codeAt(SCAN_WINDOW, 'visit', SECRET, 'H7KR');
    expect(await judgeCheckinCode(SECRET, { place: PLACE, digits: elsewhere.digits }, SCAN)).toEqual({
      ok: false,
      code: 'checkin_code_invalid',
    });
  });

  it('refuses digits of the wrong length even when a prefix matches', async () => {
    const { digits } = await codeAt(SCAN_WINDOW);
    expect(await judgeCheckinCode(SECRET, { place: PLACE, digits: digits.slice(0, 5) }, SCAN)).toMatchObject({ ok: false });
    expect(await judgeCheckinCode(SECRET, { place: PLACE, digits: `${digits}0` }, SCAN)).toMatchObject({ ok: false });
  });

  it('accepts any code shown from one window ahead to two behind the scan, for any secret and place', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        placeArb,
        fc.constantFrom(...CHECKIN_PURPOSES),
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        fc.integer({ min: -2, max: 1 }),
        async (secret, place, purpose, scannedMs, offset) => {
          const scanWindow = windowOf(scannedMs);
          const digits = await checkinDigits(secret, place, purpose, scanWindow + offset);
          const verdict = await judgeCheckinCode(secret, { place, digits }, new Date(scannedMs));
          expect(verdict.ok).toBe(true);
          if (!verdict.ok) return;
          // A collision with another purpose or window would be found first; it is still these digits.
          expect(await checkinDigits(secret, place, verdict.purpose, verdict.window)).toBe(digits);
          expect(verdict.window).toBeGreaterThanOrEqual(scanWindow - 2);
          expect(verdict.window).toBeLessThanOrEqual(scanWindow + 1);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('checkinTimeProblem: whether a check-in’s claimed time can be believed', () => {
  const received = new Date('2026-04-10T12:00:00.000Z');
  const at = (ms: number) => new Date(received.getTime() + ms);

  it('believes a check-in made just now, with no sync before', () => {
    expect(checkinTimeProblem({ clientTime: received, receivedAt: received, lastSyncedAt: null })).toBeNull();
  });

  it('allows the device’s clock up to the skew ahead, and not a millisecond more', () => {
    expect(checkinTimeProblem({ clientTime: at(CHECKIN_CLOCK_SKEW_MS), receivedAt: received, lastSyncedAt: null })).toBeNull();
    expect(checkinTimeProblem({ clientTime: at(CHECKIN_CLOCK_SKEW_MS + 1), receivedAt: received, lastSyncedAt: null })).toBe(
      'checkin_future',
    );
  });

  it('takes a check-in made offline up to the late limit ago, and not a millisecond older', () => {
    expect(checkinTimeProblem({ clientTime: at(-CHECKIN_LATE_MS), receivedAt: received, lastSyncedAt: null })).toBeNull();
    expect(checkinTimeProblem({ clientTime: at(-CHECKIN_LATE_MS - 1), receivedAt: received, lastSyncedAt: null })).toBe('checkin_too_late');
  });

  it('takes a check-in at the very instant of the last sync, and calls one a millisecond earlier backdated', () => {
    const lastSyncedAt = at(-3 * DAY_MS);
    expect(checkinTimeProblem({ clientTime: lastSyncedAt, receivedAt: received, lastSyncedAt })).toBeNull();
    expect(checkinTimeProblem({ clientTime: new Date(lastSyncedAt.getTime() - 1), receivedAt: received, lastSyncedAt })).toBe(
      'checkin_backdated',
    );
    expect(checkinTimeProblem({ clientTime: new Date(lastSyncedAt.getTime() + 1), receivedAt: received, lastSyncedAt })).toBeNull();
  });

  it('never calls a check-in backdated when the device has not synced yet', () => {
    expect(checkinTimeProblem({ clientTime: at(-CHECKIN_LATE_MS), receivedAt: received, lastSyncedAt: null })).toBeNull();
  });

  it('reports too late before backdated when a check-in is both', () => {
    expect(checkinTimeProblem({ clientTime: at(-CHECKIN_LATE_MS - 1), receivedAt: received, lastSyncedAt: at(-DAY_MS) })).toBe(
      'checkin_too_late',
    );
  });

  it('finds no problem exactly when the time is within the skew, the late limit and after the last sync', () => {
    const offset = fc.integer({ min: -CHECKIN_LATE_MS - DAY_MS, max: CHECKIN_CLOCK_SKEW_MS + DAY_MS });
    fc.assert(
      fc.property(offset, fc.option(offset, { nil: null }), (clientOffset, syncOffset) => {
        const problem = checkinTimeProblem({
          clientTime: at(clientOffset),
          receivedAt: received,
          lastSyncedAt: syncOffset === null ? null : at(syncOffset),
        });
        const fine =
          clientOffset <= CHECKIN_CLOCK_SKEW_MS && clientOffset >= -CHECKIN_LATE_MS && (syncOffset === null || clientOffset >= syncOffset);
        expect(problem === null).toBe(fine);
      }),
    );
  });
});

describe('CheckinSchema: what a device sends to check in', () => {
  const id = '0b8f2c1e-5d4a-4c3b-9a21-7e6f5d4c3b2a';

  it('accepts an id and a code in any form the parser reads, lower-casing the id', () => {
    expect(v.parse(CheckinSchema, { id, code: 'WMC:H7KQ-482913' })).toEqual({ id, code: 'WMC:H7KQ-482913' });
    expect(v.parse(CheckinSchema, { id: id.toUpperCase(), code: 'h7kq 482913' })).toEqual({ id, code: 'h7kq 482913' });
  });

  it('refuses an extra key', () => {
    const issues = issuesOf(CheckinSchema, { id, code: 'H7KQ-482913', at: '2026-04-01T10:00:00Z' });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('at');
  });

  it('refuses a code the parser does not read, or one longer than 40 characters', () => {
    for (const code of ['', 'H7KQ-48291', 'WM1.abc.def', 'H7KQ-48291X', `H7KQ-482913${' '.repeat(30)}`, 482913]) {
      expect(issuesOf(CheckinSchema, { id, code }), String(code)).toEqual([{ path: 'code', message: 'field_checkin_code' }]);
    }
  });

  it('refuses a missing or malformed id', () => {
    const missing = v.safeParse(CheckinSchema, { code: 'H7KQ-482913' }).issues ?? [];
    expect(missing.map(issueToField)).toEqual([{ path: 'id', code: 'field_required' }]);
    expect(issuesOf(CheckinSchema, { id: 'not-a-uuid', code: 'H7KQ-482913' })).toEqual([{ path: 'id', message: 'field_checkin_id' }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Missions
// ---------------------------------------------------------------------------------------------

const HUB = '11111111-1111-4111-8111-111111111111';
const OTHER_HUB = '22222222-2222-4222-8222-222222222222';
const OFFER = '33333333-3333-4333-8333-333333333333';
const OTHER_OFFER = '44444444-4444-4444-8444-444444444444';
const MISSION_ID = '55555555-5555-4555-8555-555555555555';
const OTHER_MISSION = '66666666-6666-4666-8666-666666666666';

const text = (it: string) => ({ it, en: '', ar: '', zh: '', es: '' });

function missionInput(overrides: Record<string, unknown> = {}) {
  return {
    title: { it: 'Prova uno sport' },
    story: { it: 'Questo mese scopri uno sport nuovo vicino a te.' },
    ageMin: 11,
    ageMax: 14,
    startsOn: '2026-04-01',
    endsOn: '2026-04-30',
    steps: [{ kind: 'checkin' }, { kind: 'poll', question: { it: 'Ti è piaciuto?' }, options: [{ it: 'Sì' }, { it: 'No' }] }],
    reward: 50,
    ...overrides,
  };
}

describe('MissionInputSchema: a mission as the city writes it', () => {
  it('accepts a good mission, filling in the optional ids, categories and badge', () => {
    const parsed = v.parse(MissionInputSchema, missionInput());
    expect(parsed.steps[0]).toEqual({ kind: 'checkin', hubId: null, offerId: null });
    expect(parsed.badge).toBeNull();
    expect(parsed.title.it).toBe('Prova uno sport');
  });

  it('accepts every kind of step with its options, a mission badge, and the limits themselves', () => {
    const steps = [
      { kind: 'checkin', hubId: HUB.toUpperCase(), offerId: OFFER },
      { kind: 'new_category', category: 'sport' },
      { kind: 'booking', category: null },
      { kind: 'project', hubId: HUB },
      { kind: 'poll', question: { it: 'Cosa?' }, options: Array.from({ length: 6 }, (_, i) => ({ it: `Scelta ${i}` })) },
      { kind: 'new_category' },
    ];
    const parsed = v.parse(
      MissionInputSchema,
      missionInput({ steps, ageMin: 18, ageMax: 18, startsOn: '2026-04-30', endsOn: '2026-04-30', reward: 500, badge: 'mission_city' }),
    );
    expect(parsed.steps).toHaveLength(6);
    expect(parsed.steps[0]).toEqual({ kind: 'checkin', hubId: HUB, offerId: OFFER });
    expect(parsed.steps[5]).toEqual({ kind: 'new_category', category: null });
    expect(parsed.badge).toBe('mission_city');
    expect(v.safeParse(MissionInputSchema, missionInput({ reward: 0, ageMin: 11, ageMax: 11 })).success).toBe(true);
  });

  it('refuses a minimum age above the maximum, on ageMax', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ ageMin: 15, ageMax: 14 }))).toEqual([{ path: 'ageMax', message: 'field_age' }]);
  });

  it('refuses ages outside 11–18 or not whole', () => {
    for (const ages of [{ ageMin: 10 }, { ageMax: 19 }, { ageMin: 12.5 }, { ageMin: '12' }]) {
      expect(
        issuesOf(MissionInputSchema, missionInput(ages)).map((i) => i.message),
        JSON.stringify(ages),
      ).toEqual(['field_age']);
    }
  });

  it('refuses an end before the start, on endsOn, and an impossible date', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ startsOn: '2026-04-02', endsOn: '2026-04-01' }))).toEqual([
      { path: 'endsOn', message: 'field_ends_on' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ startsOn: '2026-02-30' }))).toEqual([
      { path: 'startsOn', message: 'field_starts_on' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ endsOn: '30/04/2026' }))).toEqual([{ path: 'endsOn', message: 'field_ends_on' }]);
  });

  it('refuses no steps and seven steps', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [] }))).toEqual([{ path: 'steps', message: 'field_step' }]);
    const seven = Array.from({ length: 7 }, () => ({ kind: 'checkin' }));
    expect(issuesOf(MissionInputSchema, missionInput({ steps: seven }))).toEqual([{ path: 'steps', message: 'field_step' }]);
  });

  it('refuses an unknown kind of step', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [{ kind: 'dance' }] }))).toEqual([
      { path: 'steps.0.kind', message: 'field_step' },
    ]);
  });

  it('refuses a poll with one option or seven, and an empty question', () => {
    const poll = (options: number, question = 'Ti è piaciuto?') => ({
      kind: 'poll',
      question: { it: question },
      options: Array.from({ length: options }, (_, i) => ({ it: `Scelta ${i}` })),
    });
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [poll(1)] }))).toEqual([
      { path: 'steps.0.options', message: 'field_poll_option' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [poll(7)] }))).toEqual([
      { path: 'steps.0.options', message: 'field_poll_option' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [poll(2, '  ')] }))).toEqual([
      { path: 'steps.0.question.it', message: 'field_poll_question' },
    ]);
  });

  it('refuses a reward of 501, a negative one or a fractional one', () => {
    for (const reward of [501, -1, 10.5])
      expect(issuesOf(MissionInputSchema, missionInput({ reward })), String(reward)).toEqual([{ path: 'reward', message: 'field_reward' }]);
  });

  it('refuses a badge that is not in the catalogue and a category that is not one', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ badge: 'gold' }))).toEqual([{ path: 'badge', message: 'field_badge' }]);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [{ kind: 'booking', category: 'music' }] }))).toEqual([
      { path: 'steps.0.category', message: 'field_category' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [{ kind: 'checkin', hubId: 'hub-1' }] }))).toEqual([
      { path: 'steps.0.hubId', message: 'field_hub' },
    ]);
  });

  it('refuses an extra key on the mission and on a step', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ hubId: HUB })).map((i) => i.path)).toEqual(['hubId']);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [{ kind: 'checkin', category: 'sport' }] })).map((i) => i.path)).toEqual([
      'steps.0.category',
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ steps: [{ kind: 'project', offerId: OFFER }] })).map((i) => i.path)).toEqual([
      'steps.0.offerId',
    ]);
  });

  it('reports the order of the ages beside an out-of-range field, but not beside a field of the wrong type', () => {
    expect(issuesOf(MissionInputSchema, missionInput({ ageMin: 15, ageMax: 14, reward: 501 }))).toEqual([
      { path: 'reward', message: 'field_reward' },
      { path: 'ageMax', message: 'field_age' },
    ]);
    expect(issuesOf(MissionInputSchema, missionInput({ ageMin: 15, ageMax: 14, reward: '50' }))).toEqual([
      { path: 'reward', message: 'field_reward' },
    ]);
  });
});

/** A mission through April 2026 (Milan days). */
function mission(steps: Step[], overrides: Partial<MissionRule> = {}): MissionRule {
  return { id: MISSION_ID, startsOn: '2026-04-01', endsOn: '2026-04-30', steps, ...overrides };
}

const INSIDE = '2026-04-10T09:00:00.000Z';

function checkin(overrides: Partial<Extract<Fact, { kind: 'checkin' }>> = {}): Fact {
  return {
    kind: 'checkin',
    at: INSIDE,
    purpose: 'visit',
    placeKind: 'offer',
    hubId: null,
    offerId: OFFER,
    category: 'sport',
    ...overrides,
  };
}
function redeemed(overrides: Partial<Extract<Fact, { kind: 'redeemed' }>> = {}): Fact {
  return { kind: 'redeemed', at: INSIDE, offerId: OFFER, category: 'art', ...overrides };
}
function poll(overrides: Partial<Extract<Fact, { kind: 'poll' }>> = {}): Fact {
  return { kind: 'poll', at: INSIDE, missionId: MISSION_ID, step: 0, ...overrides };
}
const hubCheckin = (overrides: Partial<Extract<Fact, { kind: 'checkin' }>> = {}) =>
  checkin({ placeKind: 'hub', hubId: HUB, offerId: null, category: null, ...overrides });

const step = {
  checkin: { kind: 'checkin', hubId: null, offerId: null },
  checkinHub: { kind: 'checkin', hubId: HUB, offerId: null },
  checkinOffer: { kind: 'checkin', hubId: null, offerId: OFFER },
  project: { kind: 'project', hubId: null },
  projectHub: { kind: 'project', hubId: HUB },
  newCategory: { kind: 'new_category', category: null },
  newSport: { kind: 'new_category', category: 'sport' },
  booking: { kind: 'booking', category: null },
  bookingArt: { kind: 'booking', category: 'art' },
  poll: { kind: 'poll', question: text('Ti è piaciuto?'), options: [text('Sì'), text('No')] },
} satisfies Record<string, Step>;

describe('missionProgress: which steps the facts have done', () => {
  it('does nothing with no facts', () => {
    expect(missionProgress(mission([step.checkin, step.poll]), [])).toEqual([false, false]);
    expect(missionComplete(mission([step.checkin]), [])).toBe(false);
  });

  describe('check-in steps', () => {
    it('are done by a visit anywhere when no place is named', () => {
      expect(missionProgress(mission([step.checkin]), [checkin()])).toEqual([true]);
      expect(missionProgress(mission([step.checkin]), [hubCheckin()])).toEqual([true]);
    });

    it('are done only at the hub or the activity named', () => {
      const m = mission([step.checkinHub, step.checkinOffer]);
      expect(missionProgress(m, [hubCheckin()])).toEqual([true, false]);
      expect(missionProgress(m, [hubCheckin({ hubId: OTHER_HUB })])).toEqual([false, false]);
      expect(missionProgress(m, [checkin()])).toEqual([false, true]);
      expect(missionProgress(m, [checkin({ offerId: OTHER_OFFER })])).toEqual([false, false]);
    });

    it('are not done by a project meeting, a booking or a poll', () => {
      const m = mission([step.checkin]);
      expect(missionProgress(m, [hubCheckin({ purpose: 'project' }), redeemed(), poll()])).toEqual([false]);
    });
  });

  describe('project steps', () => {
    it('are done by a project check-in (at the hub named, if one is) and not by a visit', () => {
      const m = mission([step.project, step.projectHub]);
      expect(missionProgress(m, [hubCheckin({ purpose: 'project' })])).toEqual([true, true]);
      expect(missionProgress(m, [hubCheckin({ purpose: 'project', hubId: OTHER_HUB })])).toEqual([true, false]);
      expect(missionProgress(m, [hubCheckin({ purpose: 'visit' })])).toEqual([false, false]);
    });
  });

  describe('booking steps', () => {
    it('are done by a redeemed booking (of the category named, if one is)', () => {
      const m = mission([step.booking, step.bookingArt]);
      expect(missionProgress(m, [redeemed({ category: 'art' })])).toEqual([true, true]);
      expect(missionProgress(m, [redeemed({ category: 'stem' })])).toEqual([true, false]);
    });

    it('are not done by checking in at an activity of that category', () => {
      expect(missionProgress(mission([step.booking, step.bookingArt]), [checkin({ category: 'art' })])).toEqual([false, false]);
    });
  });

  describe('poll steps', () => {
    it('are done by an answer to this mission’s step', () => {
      const m = mission([step.checkin, step.poll]);
      expect(missionProgress(m, [poll({ step: 1 })])).toEqual([false, true]);
    });

    it('are not done by an answer to another step or another mission', () => {
      const m = mission([step.checkin, step.poll]);
      expect(missionProgress(m, [poll({ step: 0 }), poll({ step: 2 }), poll({ step: 1, missionId: OTHER_MISSION })])).toEqual([
        false,
        false,
      ]);
    });
  });

  describe('new-category steps', () => {
    it('are done by the first fact ever of a category, a check-in or a booking', () => {
      expect(missionProgress(mission([step.newCategory]), [checkin({ category: 'stem' })])).toEqual([true]);
      expect(missionProgress(mission([step.newCategory]), [redeemed({ category: 'stem' })])).toEqual([true]);
    });

    it('are done only by the category named, if one is', () => {
      const m = mission([step.newSport]);
      expect(missionProgress(m, [checkin({ category: 'art' })])).toEqual([false]);
      expect(missionProgress(m, [checkin({ category: 'sport' })])).toEqual([true]);
    });

    it('are not done by a hub, which has no category, nor by a poll', () => {
      expect(missionProgress(mission([step.newCategory]), [hubCheckin(), poll()])).toEqual([false]);
    });

    it('are done by the first sport fact, and a second sport fact later changes nothing', () => {
      const first = checkin({ at: '2026-04-05T10:00:00.000Z' });
      const second = checkin({ at: '2026-04-20T10:00:00.000Z', offerId: OTHER_OFFER });
      const m = mission([step.newSport]);
      expect(missionProgress(m, [second, first])).toEqual([true]);
      const firsts = firstTries([second, first]);
      expect(firsts.get('sport')).toBe(first);
      expect(factDoesStep(m, 0, first, true)).toBe(true);
      expect(factDoesStep(m, 0, second, false)).toBe(false);
      expect(missionProgress(m, [second])).toEqual([true]); // alone, it would be the first
    });

    it('are not done by a category first tried before the mission, even with another fact of it inside', () => {
      const before = checkin({ at: '2026-03-20T10:00:00.000Z' });
      const inside = redeemed({ category: 'sport', at: '2026-04-15T10:00:00.000Z' });
      expect(missionProgress(mission([step.newSport]), [inside, before])).toEqual([false]);
      expect(missionProgress(mission([step.newCategory]), [inside, before])).toEqual([false]);
    });

    it('are done by a new category even when others were tried before the mission', () => {
      const facts = [checkin({ at: '2026-03-20T10:00:00.000Z', category: 'sport' }), checkin({ category: 'art' })];
      expect(missionProgress(mission([step.newCategory, step.newSport]), facts)).toEqual([true, false]);
    });
  });

  describe('the mission’s days, in Milan', () => {
    it('counts a fact late on 31 March UTC that is already 1 April in Milan', () => {
      const m = mission([step.checkin]);
      expect(missionProgress(m, [checkin({ at: '2026-03-31T22:30:00.000Z' })])).toEqual([true]);
      expect(missionProgress(m, [checkin({ at: '2026-03-31T21:59:59.999Z' })])).toEqual([false]);
      expect(missionProgress(m, [checkin({ at: '2026-03-31T22:00:00.000Z' })])).toEqual([true]);
    });

    it('counts the last day to its Milan midnight and nothing after', () => {
      const m = mission([step.checkin]);
      expect(missionProgress(m, [checkin({ at: '2026-04-30T21:59:59.999Z' })])).toEqual([true]);
      expect(missionProgress(m, [checkin({ at: '2026-04-30T22:00:00.000Z' })])).toEqual([false]);
    });

    it('counts no kind of fact outside the mission’s days', () => {
      const m = mission([step.checkin, step.project, step.booking, step.poll, step.newCategory]);
      const after = '2026-05-02T10:00:00.000Z';
      expect(
        missionProgress(m, [
          checkin({ at: after }),
          hubCheckin({ purpose: 'project', at: after }),
          redeemed({ at: after }),
          poll({ step: 3, at: after }),
        ]),
      ).toEqual([false, false, false, false, false]);
    });

    it('works for a mission of a single winter day (Milan one hour ahead of UTC)', () => {
      const m = mission([step.checkin], { startsOn: '2026-01-15', endsOn: '2026-01-15' });
      expect(missionProgress(m, [checkin({ at: '2026-01-14T22:59:59.999Z' })])).toEqual([false]);
      expect(missionProgress(m, [checkin({ at: '2026-01-14T23:00:00.000Z' })])).toEqual([true]);
      expect(missionProgress(m, [checkin({ at: '2026-01-15T22:59:59.999Z' })])).toEqual([true]);
      expect(missionProgress(m, [checkin({ at: '2026-01-15T23:00:00.000Z' })])).toEqual([false]);
    });
  });

  it('is complete only when every step is done', () => {
    const m = mission([step.checkin, step.bookingArt, step.poll]);
    expect(missionComplete(m, [checkin(), redeemed()])).toBe(false);
    expect(missionComplete(m, [checkin(), redeemed(), poll({ step: 2 })])).toBe(true);
  });

  it('does not do a step the mission does not have', () => {
    expect(factDoesStep(mission([step.checkin]), 1, checkin(), true)).toBe(false);
    expect(factDoesStep(mission([step.checkin]), -1, checkin(), true)).toBe(false);
  });

  describe('properties', () => {
    const stepArb = fc.constantFrom<Step>(...Object.values(step));
    const missionArb = fc.array(stepArb, { minLength: 1, maxLength: 6 }).map((steps) => mission(steps));
    const instantArb = fc.integer({ min: Date.parse('2026-03-25T00:00:00Z'), max: Date.parse('2026-05-05T00:00:00Z') });
    const factAt = (ms: number): fc.Arbitrary<Fact> => {
      const at = new Date(ms).toISOString();
      return fc.oneof(
        fc.record({
          kind: fc.constant('checkin' as const),
          at: fc.constant(at),
          purpose: fc.constantFrom(...CHECKIN_PURPOSES),
          placeKind: fc.constantFrom('hub' as const, 'offer' as const),
          hubId: fc.constantFrom(null, HUB, OTHER_HUB),
          offerId: fc.constantFrom(null, OFFER, OTHER_OFFER),
          category: fc.constantFrom<Category | null>(null, ...CATEGORIES),
        }),
        fc.record({
          kind: fc.constant('redeemed' as const),
          at: fc.constant(at),
          offerId: fc.constantFrom(OFFER, OTHER_OFFER),
          category: fc.constantFrom(...CATEGORIES),
        }),
        fc.record({
          kind: fc.constant('poll' as const),
          at: fc.constant(at),
          missionId: fc.constantFrom(MISSION_ID, OTHER_MISSION),
          step: fc.integer({ min: 0, max: 5 }),
        }),
      );
    };
    const factArb = instantArb.chain(factAt);
    const factsArb = fc.array(factArb, { maxLength: 12 });

    it('does not depend on the order of the facts', () => {
      const shuffled = factsArb.chain((facts) =>
        fc.tuple(fc.constant(facts), fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length })),
      );
      fc.assert(
        fc.property(missionArb, shuffled, (m, [facts, again]) => {
          expect(missionProgress(m, again)).toEqual(missionProgress(m, facts));
        }),
      );
    });

    it('never undoes a done step when later facts are added', () => {
      const laterFacts = factsArb.chain((facts) => {
        const last = Math.max(Date.parse('2026-03-25T00:00:00Z'), ...facts.map((f) => Date.parse(f.at)));
        return fc.tuple(fc.constant(facts), fc.array(fc.integer({ min: last, max: last + 40 * DAY_MS }).chain(factAt), { maxLength: 6 }));
      });
      fc.assert(
        fc.property(missionArb, laterFacts, (m, [facts, more]) => {
          const before = missionProgress(m, facts);
          const after = missionProgress(m, [...facts, ...more]);
          before.forEach((done, i) => {
            if (done) expect(after[i]).toBe(true);
          });
        }),
      );
    });

    it('never undoes a done step other than a new category when any facts are added, earlier ones too', () => {
      fc.assert(
        fc.property(missionArb, factsArb, factsArb, (m, facts, more) => {
          const before = missionProgress(m, facts);
          const after = missionProgress(m, [...more, ...facts]);
          before.forEach((done, i) => {
            if (done && m.steps[i].kind !== 'new_category') expect(after[i]).toBe(true);
          });
        }),
      );
    });

    it('does a step exactly when some fact does it', () => {
      fc.assert(
        fc.property(missionArb, factsArb, (m, facts) => {
          const firsts = new Set(firstTries(facts).values());
          const progress = missionProgress(m, facts);
          m.steps.forEach((_, i) => expect(progress[i]).toBe(facts.some((f) => factDoesStep(m, i, f, firsts.has(f)))));
        }),
      );
    });
  });

  it('lets a late-arriving earlier first try take a new category away from a fact inside the mission', () => {
    // Documented behaviour: "never tried before" is judged on all facts, so a check-in made offline
    // before the mission and synced late moves the category's first try out of the mission.
    const inside = checkin({ at: '2026-04-02T10:00:00.000Z' });
    const offlineBefore = checkin({ at: '2026-03-30T10:00:00.000Z' });
    expect(missionProgress(mission([step.newSport]), [inside])).toEqual([true]);
    expect(missionProgress(mission([step.newSport]), [inside, offlineBefore])).toEqual([false]);
  });
});

describe('firstTries: each category’s first fact', () => {
  it('keeps the earliest fact of each category, whatever its kind, and skips facts with none', () => {
    const art = redeemed({ at: '2026-04-02T10:00:00.000Z', category: 'art' });
    const laterArt = checkin({ at: '2026-04-03T10:00:00.000Z', category: 'art' });
    const sport = checkin({ at: '2026-04-04T10:00:00.000Z', category: 'sport' });
    const firsts = firstTries([sport, laterArt, hubCheckin(), poll(), art]);
    expect([...firsts.keys()].sort()).toEqual(['art', 'sport']);
    expect(firsts.get('art')).toBe(art);
    expect(firsts.get('sport')).toBe(sport);
  });

  it('does not reorder the facts it is given', () => {
    const facts = [checkin({ at: '2026-04-04T10:00:00.000Z' }), checkin({ at: '2026-04-01T10:00:00.000Z' })];
    const copy = [...facts];
    firstTries(facts);
    expect(facts).toEqual(copy);
  });
});

describe('missionOpenTo: who may take a mission, and when', () => {
  const m = { startsOn: '2026-04-01', endsOn: '2026-04-30', ageMin: 12, ageMax: 14 };

  it('is open on its first and last day and closed the day before and after', () => {
    expect(missionOpenTo(m, '2013-01-01', '2026-03-31')).toBe(false);
    expect(missionOpenTo(m, '2013-01-01', '2026-04-01')).toBe(true);
    expect(missionOpenTo(m, '2013-01-01', '2026-04-30')).toBe(true);
    expect(missionOpenTo(m, '2013-01-01', '2026-05-01')).toBe(false);
  });

  it('opens on the day a youth reaches the minimum age and closes on the day they pass the maximum', () => {
    expect(missionOpenTo(m, '2014-04-11', '2026-04-10')).toBe(false); // 11 until tomorrow
    expect(missionOpenTo(m, '2014-04-10', '2026-04-10')).toBe(true); // 12 today
    expect(missionOpenTo(m, '2011-04-11', '2026-04-10')).toBe(true); // 14 until tomorrow
    expect(missionOpenTo(m, '2011-04-10', '2026-04-10')).toBe(false); // 15 today
  });
});

// ---------------------------------------------------------------------------------------------
// Levels and streaks
// ---------------------------------------------------------------------------------------------

describe('levelFor: the level of the credits earned', () => {
  it('starts at level 1 with nothing earned', () => {
    expect(levelFor(0)).toEqual({ level: 1, floor: 0, next: 150 });
  });

  it('moves up exactly at each threshold, and not a credit before', () => {
    for (let i = 1; i < LEVEL_THRESHOLDS.length; i++) {
      const threshold = LEVEL_THRESHOLDS[i];
      expect(levelFor(threshold - 1), `below ${threshold}`).toEqual({ level: i, floor: LEVEL_THRESHOLDS[i - 1], next: threshold });
      expect(levelFor(threshold), `at ${threshold}`).toEqual({ level: i + 1, floor: threshold, next: LEVEL_THRESHOLDS[i + 1] ?? null });
    }
  });

  it('has no next level at the last threshold and beyond', () => {
    expect(levelFor(2750)).toEqual({ level: 10, floor: 2750, next: null });
    expect(levelFor(1_000_000)).toEqual({ level: 10, floor: 2750, next: null });
  });

  it('puts any amount between its floor and the next threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (earned) => {
        const { level, floor, next } = levelFor(earned);
        expect(floor).toBeLessThanOrEqual(earned);
        if (next !== null) expect(earned).toBeLessThan(next);
        expect(floor).toBe(LEVEL_THRESHOLDS[level - 1]);
        expect(levelFor(earned + 1).level).toBeGreaterThanOrEqual(level);
      }),
    );
  });
});

/** Today is Wednesday 15 April 2026; its week starts on Monday 13 April. */
const TODAY = '2026-04-15';
const THIS_MONDAY = '2026-04-13';
/** A day (the Thursday) of the week n weeks before this one; negative n is a future week. */
const weeksAgo = (n: number) => new Date(Date.parse(`${THIS_MONDAY}T00:00:00Z`) - n * WEEK_MS + 3 * DAY_MS).toISOString().slice(0, 10);
const weeks = (...ns: number[]) => ns.map(weeksAgo);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe('weekOf: the Monday of a day’s week', () => {
  it('takes a Sunday back to the Monday before, and keeps a Monday', () => {
    expect(weekOf('2026-03-29')).toBe('2026-03-23'); // Sunday
    expect(weekOf('2026-03-30')).toBe('2026-03-30'); // Monday
    expect(weekOf('2026-04-04')).toBe('2026-03-30'); // Saturday
  });

  it('crosses months, years and leap days', () => {
    expect(weekOf('2026-01-01')).toBe('2025-12-29');
    expect(weekOf('2028-03-01')).toBe('2028-02-28');
    expect(weekOf('2028-02-29')).toBe('2028-02-28');
  });

  it('is a Monday at most six days before the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (ms) => {
        const day = new Date(ms).toISOString().slice(0, 10);
        const monday = weekOf(day);
        expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
        const gap = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${monday}T00:00:00Z`)) / DAY_MS;
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe('streakOf: forgiving weekly streaks', () => {
  it('is all zero with no activity', () => {
    expect(streakOf([], TODAY)).toEqual({ current: 0, best: 0, freezes: 0, thisWeek: false });
  });

  it('counts one active week this week', () => {
    expect(streakOf([TODAY], TODAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: true });
  });

  it('counts a week once, however many of its days were active', () => {
    expect(streakOf([THIS_MONDAY, TODAY, '2026-04-19', TODAY], TODAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: true });
  });

  it('counts consecutive weeks, in any order', () => {
    expect(streakOf(weeks(0, 2, 1), TODAY)).toEqual({ current: 3, best: 3, freezes: 0, thisWeek: true });
  });

  it('does not break the run for a current week with nothing done yet', () => {
    expect(streakOf(weeks(3, 2, 1), TODAY)).toEqual({ current: 3, best: 3, freezes: 0, thisWeek: false });
    expect(streakOf(weeks(1), TODAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: false });
  });

  it('starts the current run again after a missed week with no freeze, keeping the best', () => {
    expect(streakOf(weeks(3, 2, 0), TODAY)).toEqual({ current: 1, best: 2, freezes: 0, thisWeek: true });
    expect(streakOf(weeks(5, 4, 3), TODAY)).toEqual({ current: 0, best: 3, freezes: 0, thisWeek: false });
  });

  it('earns a freeze after four active weeks, which bridges one missed week', () => {
    expect(streakOf(weeks(3, 2, 1, 0), TODAY)).toEqual({ current: 4, best: 4, freezes: 1, thisWeek: true });
    // Weeks 6–3 ago earn a freeze, spent on 2 weeks ago; the frozen week adds nothing.
    expect(streakOf(weeks(6, 5, 4, 3, 1, 0), TODAY)).toEqual({ current: 6, best: 6, freezes: 0, thisWeek: true });
  });

  it('counts every active week toward a freeze, not only those of the current run', () => {
    expect(streakOf(weeks(5, 4, 3, 1, 0), TODAY)).toEqual({ current: 2, best: 3, freezes: 1, thisWeek: true });
  });

  it('bridges only one missed week with one freeze', () => {
    expect(streakOf(weeks(7, 6, 5, 4, 1), TODAY)).toEqual({ current: 1, best: 4, freezes: 0, thisWeek: false });
  });

  it('keeps the freeze for a week still open rather than spending it', () => {
    expect(streakOf(weeks(4, 3, 2, 1), TODAY)).toEqual({ current: 4, best: 4, freezes: 1, thisWeek: false });
  });

  it('keeps at most two freezes', () => {
    expect(streakOf(weeks(...range(7, 0)), TODAY)).toEqual({ current: 8, best: 8, freezes: 2, thisWeek: true });
    expect(streakOf(weeks(...range(11, 0)), TODAY)).toEqual({ current: 12, best: 12, freezes: MAX_FREEZES, thisWeek: true });
    // Twelve weeks give two freezes, not three: two missed weeks are bridged, a third breaks the run.
    expect(streakOf(weeks(...range(13, 2), 0), TODAY)).toEqual({ current: 13, best: 13, freezes: 1, thisWeek: true });
    expect(streakOf(weeks(...range(14, 3), 0), TODAY)).toEqual({ current: 13, best: 13, freezes: 0, thisWeek: true });
    expect(streakOf(weeks(...range(15, 4), 0), TODAY)).toEqual({ current: 1, best: 12, freezes: 0, thisWeek: true });
  });

  it('ignores days in weeks after this one', () => {
    expect(streakOf(weeks(-1, -2), TODAY)).toEqual({ current: 0, best: 0, freezes: 0, thisWeek: false });
    expect(streakOf(weeks(1, -1), TODAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: false });
  });

  it('counts a later day of this week as this week', () => {
    expect(streakOf(['2026-04-19'], THIS_MONDAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: true });
  });

  it('starts a new week on Monday: Sunday’s activity is last week’s', () => {
    expect(streakOf(['2026-04-12'], THIS_MONDAY)).toEqual({ current: 1, best: 1, freezes: 0, thisWeek: false });
    expect(streakOf(['2026-04-12', THIS_MONDAY], THIS_MONDAY)).toEqual({ current: 2, best: 2, freezes: 0, thisWeek: true });
  });

  it('keeps the best of a long-past run after a long gap', () => {
    expect(streakOf(['2024-01-01', '2024-01-08', '2024-01-15'], TODAY)).toEqual({ current: 0, best: 3, freezes: 0, thisWeek: false });
  });

  it('keeps its counts in range and never throws for any set of days', () => {
    const dayArb = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.parse('2025-06-01T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(dayArb, { maxLength: 60 }), dayArb, (days, today) => {
        const streak = streakOf(days, today);
        const past = new Set(days.filter((d) => weekOf(d) <= weekOf(today)).map(weekOf));
        expect(streak.best).toBeGreaterThanOrEqual(streak.current);
        expect(streak.current).toBeGreaterThanOrEqual(0);
        expect(streak.best).toBeLessThanOrEqual(past.size);
        expect(streak.freezes).toBeGreaterThanOrEqual(0);
        expect(streak.freezes).toBeLessThanOrEqual(MAX_FREEZES);
        expect(streak.thisWeek).toBe(past.has(weekOf(today)));
        if (past.size > 0) expect(streak.best).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('never lowers the best when a later week is added', () => {
    const weekArb = fc.integer({ min: 1, max: 30 });
    fc.assert(
      fc.property(fc.uniqueArray(weekArb, { maxLength: 20 }), (ns) => {
        const before = streakOf(weeks(...ns.filter((n) => n > 0)), weeksAgo(1));
        const after = streakOf(weeks(...ns.filter((n) => n > 0), 0), TODAY);
        expect(after.best).toBeGreaterThanOrEqual(before.best);
        expect(after.current).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Badges
// ---------------------------------------------------------------------------------------------

const NOTHING: Achievements = {
  checkins: 0,
  categories: 0,
  bestStreak: 0,
  projects: 0,
  ideas: 0,
  votes: 0,
  polls: 0,
  level: 1,
  missions: 0,
};

describe('badgesEarned: what achievements earn', () => {
  it('earns nothing for nothing', () => {
    expect(badgesEarned(NOTHING)).toEqual([]);
  });

  it('earns each badge exactly at its threshold, and not one below', () => {
    const cases: [Partial<Achievements>, Partial<Achievements>, string[]][] = [
      [{ checkins: 1 }, { checkins: 0 }, ['first_step']],
      [{ categories: 3 }, { categories: 2 }, ['explorer']],
      [{ categories: 5 }, { categories: 4 }, ['explorer', 'all_rounder']],
      [{ bestStreak: 4 }, { bestStreak: 3 }, ['regular']],
      [{ projects: 1 }, { projects: 0 }, ['co_designer']],
      [{ ideas: 1 }, { ideas: 0 }, ['idea_maker']],
      [{ votes: 1 }, { votes: 0 }, ['ballot']],
      [{ polls: 3 }, { polls: 2 }, ['voice']],
      [{ level: 3 }, { level: 2 }, ['level_up']],
    ];
    for (const [at, below, earned] of cases) {
      expect(badgesEarned({ ...NOTHING, ...at }), JSON.stringify(at)).toEqual(earned);
      expect(badgesEarned({ ...NOTHING, ...below }), JSON.stringify(below)).toEqual(earned.length === 2 ? ['explorer'] : []);
    }
  });

  it('never gives a mission badge, however much is done', () => {
    const everything = {
      checkins: 1000,
      categories: 5,
      bestStreak: 100,
      projects: 50,
      ideas: 9,
      votes: 9,
      polls: 50,
      level: 10,
      missions: 100,
    };
    const earned = badgesEarned(everything);
    expect(earned).toEqual([
      'first_step',
      'explorer',
      'all_rounder',
      'regular',
      'co_designer',
      'idea_maker',
      'ballot',
      'voice',
      'level_up',
    ]);
    for (const key of BADGE_KEYS) if (BADGES[key].earnedBy === 'mission') expect(earned).not.toContain(key);
    expect(BADGE_KEYS.filter((key) => BADGES[key].earnedBy === 'mission')).toEqual(['mission_sport', 'mission_culture', 'mission_city']);
  });

  it('only ever adds badges as achievements grow', () => {
    const count = fc.integer({ min: 0, max: 20 });
    const achievementsArb = fc.record({
      checkins: count,
      categories: fc.integer({ min: 0, max: 5 }),
      bestStreak: count,
      projects: count,
      ideas: count,
      votes: count,
      polls: count,
      level: fc.integer({ min: 1, max: 10 }),
      missions: count,
    });
    fc.assert(
      fc.property(
        achievementsArb,
        fc.constantFrom<keyof Achievements>(
          'checkins',
          'categories',
          'bestStreak',
          'projects',
          'ideas',
          'votes',
          'polls',
          'level',
          'missions',
        ),
        (a, key) => {
          const more = badgesEarned({ ...a, [key]: a[key] + 1 });
          for (const badge of badgesEarned(a)) expect(more).toContain(badge);
        },
      ),
    );
  });
});

describe('badgeSvg: a badge’s artwork', () => {
  it('is an SVG rosette in the badge’s colour with its glyph, for every badge', () => {
    for (const key of BADGE_KEYS) {
      const svg = badgeSvg(key);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), key).toBe(true);
      expect(svg.endsWith('</svg>'), key).toBe(true);
      expect(svg).toContain(`fill="${BADGES[key].colour}"`);
      expect(svg).toContain(`d="${BADGES[key].glyph}"`);
      expect(svg).not.toMatch(/<text/);
    }
  });

  it('gives each badge its own colour', () => {
    expect(new Set(BADGE_KEYS.map((key) => BADGES[key].colour)).size).toBe(BADGE_KEYS.length);
    expect(badgeSvg('first_step')).toContain('#0b6e4f');
  });
});

// ---------------------------------------------------------------------------------------------
// Safety
// ---------------------------------------------------------------------------------------------

/** A small seeded generator, so a test of choices is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('PseudonymSchema and pseudonymChoices: names on a board that are not names', () => {
  it('accepts a listed word and a number from 1 to 99', () => {
    for (const name of ['Lupo 1', 'Volpe 9', 'Airone 10', 'Zefiro 99']) expect(v.safeParse(PseudonymSchema, name).success, name).toBe(true);
  });

  it('accepts every listed word with every number', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PSEUDONYM_WORDS), fc.integer({ min: 1, max: 99 }), (word, n) => {
        expect(v.safeParse(PseudonymSchema, `${word} ${n}`).success).toBe(true);
      }),
    );
  });

  it('refuses free text, an unknown word, and a word written differently', () => {
    for (const name of ['Mario Rossi', 'Mario 5', 'lupo 5', 'LUPO 5', 'Lupacchiotto 5', '3331234567', 'Lupo Volpe', '']) {
      expect(issuesOf(PseudonymSchema, name), name).toEqual([{ path: '', message: 'field_pseudonym' }]);
    }
  });

  it('refuses the numbers 0 and 100, a leading zero, and a missing number', () => {
    for (const name of ['Lupo 0', 'Lupo 100', 'Lupo 05', 'Lupo', 'Lupo ', 'Lupo -5', 'Lupo 5.5']) {
      expect(issuesOf(PseudonymSchema, name), name).toEqual([{ path: '', message: 'field_pseudonym' }]);
    }
  });

  it('refuses other spacing and anything added', () => {
    for (const name of ['Lupo5', 'Lupo  5', ' Lupo 5', 'Lupo 5 ', 'Lupo 5 Milano', 'Lupo\t5', 'Lupo 5\n']) {
      expect(issuesOf(PseudonymSchema, name), JSON.stringify(name)).toEqual([{ path: '', message: 'field_pseudonym' }]);
    }
  });

  it('refuses what is not a string', () => {
    expect(issuesOf(PseudonymSchema, 42)).toEqual([{ path: '', message: 'field_pseudonym' }]);
  });

  it('offers six different choices, each of which the schema accepts', () => {
    const choices = pseudonymChoices();
    expect(choices).toHaveLength(6);
    expect(new Set(choices).size).toBe(6);
    for (const name of choices) expect(v.safeParse(PseudonymSchema, name).success, name).toBe(true);
  });

  it('offers six different valid choices for any random source', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const choices = pseudonymChoices(seeded(seed));
        expect(new Set(choices).size).toBe(6);
        for (const name of choices) expect(v.safeParse(PseudonymSchema, name).success).toBe(true);
      }),
    );
  });

  it('reaches the first and last words and numbers at the ends of the random range', () => {
    const values = [0, 0, 0.999999, 0.999999, 0.5, 0.5, 0.25, 0.75, 0.75, 0.25, 0.1, 0.9];
    let i = 0;
    const choices = pseudonymChoices(() => values[i++]);
    expect(choices.slice(0, 2)).toEqual(['Airone 1', 'Zefiro 99']);
  });
});

describe('inQuietHours: reminders keep quiet from 21:00 to 8:00 in Milan', () => {
  it('starts at 21:00 Milan in winter (UTC+1)', () => {
    expect(inQuietHours(new Date('2026-01-15T19:59:59.999Z'))).toBe(false);
    expect(inQuietHours(new Date('2026-01-15T20:00:00.000Z'))).toBe(true);
  });

  it('ends at 8:00 Milan in winter', () => {
    expect(inQuietHours(new Date('2026-01-16T06:59:59.999Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-01-16T07:00:00.000Z'))).toBe(false);
  });

  it('starts at 21:00 and ends at 8:00 Milan in summer (UTC+2)', () => {
    expect(inQuietHours(new Date('2026-07-15T18:59:59.999Z'))).toBe(false);
    expect(inQuietHours(new Date('2026-07-15T19:00:00.000Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-07-16T05:59:59.999Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-07-16T06:00:00.000Z'))).toBe(false);
  });

  it('is quiet at Milan midnight and not at noon', () => {
    expect(inQuietHours(new Date('2026-01-15T23:00:00.000Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-07-15T22:00:00.000Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-01-15T11:00:00.000Z'))).toBe(false);
    expect(inQuietHours(new Date('2026-07-15T10:00:00.000Z'))).toBe(false);
  });

  it('follows the change to summer time on the night it happens', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    expect(inQuietHours(new Date('2026-03-29T05:59:59.999Z'))).toBe(true); // 07:59 CEST
    expect(inQuietHours(new Date('2026-03-29T06:00:00.000Z'))).toBe(false); // 08:00 CEST
    expect(inQuietHours(new Date('2026-03-28T19:59:59.999Z'))).toBe(false); // 20:59 CET
    expect(inQuietHours(new Date('2026-03-28T20:00:00.000Z'))).toBe(true); // 21:00 CET
  });

  it('is quiet for exactly eleven hours of each Milan winter day, minute by minute', () => {
    let quiet = 0;
    for (let ms = Date.parse('2026-01-14T23:00:00Z'); ms < Date.parse('2026-01-15T23:00:00Z'); ms += 60_000)
      if (inQuietHours(new Date(ms))) quiet += 1;
    expect(quiet).toBe(11 * 60);
  });
});

describe('guardianSeesActivity: check-in by check-in only under 14', () => {
  it('shows a guardian the activity until the day before the 14th birthday, and not on it', () => {
    expect(guardianSeesActivity('2012-05-10', '2026-05-09')).toBe(true);
    expect(guardianSeesActivity('2012-05-10', '2026-05-10')).toBe(false);
    expect(guardianSeesActivity('2012-05-10', '2027-01-01')).toBe(false);
  });

  it('shows it for a young child and not for an older teenager', () => {
    expect(guardianSeesActivity('2015-01-01', '2026-05-10')).toBe(true);
    expect(guardianSeesActivity('2009-01-01', '2026-05-10')).toBe(false);
  });

  it('counts someone born on 29 February as 14 from 1 March', () => {
    expect(guardianSeesActivity('2012-02-29', '2026-02-28')).toBe(true);
    expect(guardianSeesActivity('2012-02-29', '2026-03-01')).toBe(false);
  });
});
