import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { allocate, compareForRanking, rank, type Rankable } from './ranking';
import {
  ApplySchema,
  applicationCode,
  CallInputSchema,
  CallRulesSchema,
  DEFAULT_RULES,
  MAX_BUDGET_CENTS,
  MAX_ISEE_CENTS,
  reminderDue,
  TIE_BREAKERS,
  type CallRules,
  type TieBreaker,
} from './calls';
import { assess, bandAmount, referenceDay, type ApplicantFacts } from './eligibility';
import { issueToField } from './validation';

/** Applications close on 1 April 2026 (Milan): ages are counted on this day. */
const DAY = '2026-04-01';
const DAY_MS = 86_400_000;

function facts(overrides: Partial<ApplicantFacts> = {}): ApplicantFacts {
  return {
    resident: true,
    iseeCents: 12_000_00,
    minors: [{ birthDate: '2015-06-10', disability: false }],
    disabledAdults: 0,
    singleParent: false,
    ...overrides,
  };
}

function minor(birthDate: string, disability = false) {
  return { birthDate, disability };
}

function rules(overrides: Partial<CallRules> = {}): CallRules {
  return { ...DEFAULT_RULES, ...overrides };
}

function line(overrides: Partial<Rankable> & { code: string }): Rankable {
  return { points: 10, iseeCents: 12_000_00, minors: 1, submittedAt: '2026-03-10T09:00:00.000Z', ...overrides };
}

/** The message keys a schema reports, each with its dotted path. */
function issuesOf(schema: v.GenericSchema, input: unknown): { path: string; message: string }[] {
  const result = v.safeParse(schema, input);
  return (result.issues ?? []).map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join('.') ?? '',
    message: issue.message,
  }));
}

const codesOf = (lines: readonly { code: string }[]) => lines.map((l) => l.code);

describe('bandAmount: the voucher of an ISEE under the call’s bands', () => {
  it('gives 400 under 10,000 euro, and 300 from exactly 10,000', () => {
    expect(bandAmount(DEFAULT_RULES, 0)).toBe(400_00);
    expect(bandAmount(DEFAULT_RULES, 9_999_99)).toBe(400_00);
    expect(bandAmount(DEFAULT_RULES, 10_000_00)).toBe(300_00);
  });

  it('moves to the next band exactly at each band’s upper bound', () => {
    expect(bandAmount(DEFAULT_RULES, 15_999_99)).toBe(300_00);
    expect(bandAmount(DEFAULT_RULES, 16_000_00)).toBe(200_00);
    expect(bandAmount(DEFAULT_RULES, 21_999_99)).toBe(200_00);
    expect(bandAmount(DEFAULT_RULES, 22_000_00)).toBe(100_00);
  });

  it('gives 100 at 26,999.99 and nothing at exactly the 27,000 ceiling or above', () => {
    expect(bandAmount(DEFAULT_RULES, 26_999_99)).toBe(100_00);
    expect(bandAmount(DEFAULT_RULES, 27_000_00)).toBeNull();
    expect(bandAmount(DEFAULT_RULES, 27_000_01)).toBeNull();
    expect(bandAmount(DEFAULT_RULES, MAX_ISEE_CENTS)).toBeNull();
  });

  it('gives nothing for a missing, negative, fractional or unsafe ISEE', () => {
    for (const bad of [null, -1, 12_000_00.5, Number.NaN, Infinity, 2 ** 53]) expect(bandAmount(DEFAULT_RULES, bad)).toBeNull();
  });

  it('stops at the ceiling even when the last band reaches beyond it', () => {
    const wide = rules({ iseeCeilingCents: 20_000_00, bands: [{ belowCents: 50_000_00, amountCents: 250_00 }] });
    expect(bandAmount(wide, 19_999_99)).toBe(250_00);
    expect(bandAmount(wide, 20_000_00)).toBeNull();
  });

  it('is one of the configured amounts, never increasing with the ISEE, for the default rules', () => {
    const amounts = DEFAULT_RULES.bands.map((b) => b.amountCents);
    const isee = fc.integer({ min: 0, max: DEFAULT_RULES.iseeCeilingCents - 1 });
    fc.assert(
      fc.property(isee, isee, (a, b) => {
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        const atLower = bandAmount(DEFAULT_RULES, lower);
        const atHigher = bandAmount(DEFAULT_RULES, higher);
        expect(amounts).toContain(atLower);
        expect(amounts).toContain(atHigher);
        expect(atLower!).toBeGreaterThanOrEqual(atHigher!);
      }),
    );
  });

  it('is the amount of the first band the ISEE is below, under any valid rules', () => {
    fc.assert(
      fc.property(
        rulesArb.chain((r) => fc.tuple(fc.constant(r), fc.integer({ min: 0, max: r.iseeCeilingCents - 1 }))),
        ([r, isee]) => {
          const expected = r.bands.find((b) => isee < b.belowCents)!.amountCents;
          expect(bandAmount(r, isee)).toBe(expected);
        },
      ),
    );
  });
});

describe('assess: who is eligible, for how much, with how many points', () => {
  it('funds a resident household under the ceiling with a minor in range', () => {
    expect(assess(DEFAULT_RULES, facts(), DAY)).toEqual({
      eligible: true,
      amountCents: 300_00,
      eligibleMinors: 1,
      points: { disabledMembers: 0, disabledPoints: 0, minors: 1, minorPoints: 2, singleParent: false, singleParentPoints: 0, total: 2 },
    });
  });

  describe('exclusions', () => {
    it('excludes a household that is not resident, before looking at anything else', () => {
      expect(assess(DEFAULT_RULES, facts({ resident: false, iseeCents: null, minors: [] }), DAY)).toEqual({
        eligible: false,
        reason: 'not_resident',
      });
      expect(assess(DEFAULT_RULES, facts({ resident: false, iseeCents: 40_000_00 }), DAY)).toEqual({
        eligible: false,
        reason: 'not_resident',
      });
    });

    it('excludes a missing, negative, fractional or unsafe ISEE as invalid, never guessing it', () => {
      for (const iseeCents of [null, -1, -10_000_00, 5_000_00.25, Number.NaN, Infinity, -Infinity, 2 ** 53]) {
        expect(assess(DEFAULT_RULES, facts({ iseeCents }), DAY)).toEqual({ eligible: false, reason: 'isee_invalid' });
      }
    });

    it('accepts an ISEE of zero', () => {
      expect(assess(DEFAULT_RULES, facts({ iseeCents: 0 }), DAY)).toMatchObject({ eligible: true, amountCents: 400_00 });
    });

    it('excludes an ISEE of exactly 27,000.00 as over the ceiling, but funds 26,999.99 with 100', () => {
      expect(assess(DEFAULT_RULES, facts({ iseeCents: 27_000_00 }), DAY)).toEqual({ eligible: false, reason: 'isee_over_ceiling' });
      expect(assess(DEFAULT_RULES, facts({ iseeCents: 26_999_99 }), DAY)).toMatchObject({ eligible: true, amountCents: 100_00 });
    });

    it('reports an invalid ISEE before a missing minor, and the ceiling before a missing minor', () => {
      expect(assess(DEFAULT_RULES, facts({ iseeCents: null, minors: [] }), DAY)).toEqual({ eligible: false, reason: 'isee_invalid' });
      expect(assess(DEFAULT_RULES, facts({ iseeCents: 30_000_00, minors: [] }), DAY)).toEqual({
        eligible: false,
        reason: 'isee_over_ceiling',
      });
    });

    it('excludes a household with no minors at all', () => {
      expect(assess(DEFAULT_RULES, facts({ minors: [] }), DAY)).toEqual({ eligible: false, reason: 'no_minors_in_range' });
    });

    it('excludes a household whose minors are all outside the age range', () => {
      const older = facts({ minors: [minor('2008-04-01'), minor('2005-01-01')] });
      expect(assess(DEFAULT_RULES, older, DAY)).toEqual({ eligible: false, reason: 'no_minors_in_range' });
      const young = rules({ minorAgeMin: 6, minorAgeMax: 14 });
      expect(assess(young, facts({ minors: [minor('2021-01-01'), minor('2010-01-01')] }), DAY)).toEqual({
        eligible: false,
        reason: 'no_minors_in_range',
      });
    });

    it('does not count a child not yet born on the reference day', () => {
      expect(assess(DEFAULT_RULES, facts({ minors: [minor('2026-04-02')] }), DAY)).toEqual({
        eligible: false,
        reason: 'no_minors_in_range',
      });
    });
  });

  describe('ages on the reference day', () => {
    it('no longer counts a minor who turns 18 exactly on the reference day', () => {
      expect(assess(DEFAULT_RULES, facts({ minors: [minor('2008-04-01')] }), DAY)).toEqual({
        eligible: false,
        reason: 'no_minors_in_range',
      });
    });

    it('still counts a minor who turns 18 the day after', () => {
      expect(assess(DEFAULT_RULES, facts({ minors: [minor('2008-04-02')] }), DAY)).toMatchObject({ eligible: true, eligibleMinors: 1 });
    });

    it('counts a child born on the reference day itself (age 0)', () => {
      expect(assess(DEFAULT_RULES, facts({ minors: [minor(DAY)] }), DAY)).toMatchObject({ eligible: true, eligibleMinors: 1 });
    });

    it('includes both ends of a configured age range', () => {
      const r = rules({ minorAgeMin: 6, minorAgeMax: 14 });
      const at = (birthDate: string) => assess(r, facts({ minors: [minor(birthDate)] }), DAY).eligible;
      expect(at('2020-04-01')).toBe(true); // 6 today
      expect(at('2020-04-02')).toBe(false); // 6 tomorrow
      expect(at('2011-04-02')).toBe(true); // 14 until tomorrow
      expect(at('2011-04-01')).toBe(false); // 15 today
    });

    it('counts only the minors within the range', () => {
      const household = facts({ minors: [minor('2008-04-01'), minor('2012-09-09'), minor('2019-02-02'), minor('2026-05-01')] });
      expect(assess(DEFAULT_RULES, household, DAY)).toMatchObject({
        eligible: true,
        eligibleMinors: 2,
        points: { minors: 2, minorPoints: 4 },
      });
    });

    it('allows a range of a single age', () => {
      const r = rules({ minorAgeMin: 17, minorAgeMax: 17 });
      expect(assess(r, facts({ minors: [minor('2008-04-02')] }), DAY).eligible).toBe(true);
      expect(assess(r, facts({ minors: [minor('2009-04-01')] }), DAY).eligible).toBe(true);
      expect(assess(r, facts({ minors: [minor('2009-04-02')] }), DAY).eligible).toBe(false);
    });
  });

  describe('the amount', () => {
    it('gives one band amount per household, however many minors', () => {
      const three = facts({ iseeCents: 8_000_00, minors: [minor('2012-01-01'), minor('2014-01-01'), minor('2016-01-01')] });
      expect(assess(DEFAULT_RULES, three, DAY)).toMatchObject({ amountCents: 400_00, eligibleMinors: 3 });
    });

    it('gives the band amount times the eligible minors when the call pays per minor', () => {
      const perMinor = rules({ per: 'minor' });
      const household = facts({ iseeCents: 18_000_00, minors: [minor('2012-01-01'), minor('2016-01-01'), minor('2007-01-01')] });
      expect(assess(perMinor, household, DAY)).toMatchObject({ amountCents: 2 * 200_00, eligibleMinors: 2 });
    });
  });

  describe('the points', () => {
    it('gives points per disabled member (minors and adults), per minor in range and for a single parent', () => {
      const household = facts({ minors: [minor('2012-01-01', true), minor('2016-01-01')], disabledAdults: 2, singleParent: true });
      expect(assess(DEFAULT_RULES, household, DAY)).toMatchObject({
        points: { disabledMembers: 3, disabledPoints: 30, minors: 2, minorPoints: 4, singleParent: true, singleParentPoints: 5, total: 39 },
      });
    });

    it('counts a disabled member of the household even when they are past the minors’ age range', () => {
      const household = facts({ minors: [minor('2007-01-01', true), minor('2016-01-01')] });
      expect(assess(DEFAULT_RULES, household, DAY)).toMatchObject({ eligibleMinors: 1, points: { disabledMembers: 1, minors: 1 } });
    });

    it('uses the call’s own point values', () => {
      const r = rules({ points: { perDisabledMember: 7, perMinor: 0, singleParent: 100 } });
      const household = facts({ disabledAdults: 1, singleParent: true });
      expect(assess(r, household, DAY)).toMatchObject({
        points: { disabledPoints: 7, minorPoints: 0, singleParentPoints: 100, total: 107 },
      });
    });

    it('always totals the breakdown, and pays the band (times the minors when per minor)', () => {
      fc.assert(
        fc.property(rulesArb, factsArb, (r, f) => {
          const result = assess(r, f, DAY);
          if (!result.eligible) return;
          const p = result.points;
          expect(p.total).toBe(p.disabledPoints + p.minorPoints + p.singleParentPoints);
          expect(p.disabledPoints).toBe(p.disabledMembers * r.points.perDisabledMember);
          expect(p.minorPoints).toBe(p.minors * r.points.perMinor);
          expect(p.singleParentPoints).toBe(f.singleParent ? r.points.singleParent : 0);
          expect(p.minors).toBe(result.eligibleMinors);
          expect(result.eligibleMinors).toBeGreaterThanOrEqual(1);
          expect(result.eligibleMinors).toBeLessThanOrEqual(f.minors.length);
          const band = bandAmount(r, f.iseeCents)!;
          expect(result.amountCents).toBe(r.per === 'minor' ? band * result.eligibleMinors : band);
        }),
      );
    });
  });

  it('never finds a household eligible at or above the ceiling', () => {
    const overCeiling = rulesArb.chain((r) =>
      fc.tuple(fc.constant(r), fc.integer({ min: r.iseeCeilingCents, max: MAX_ISEE_CENTS * 2 }), factsArb),
    );
    fc.assert(
      fc.property(overCeiling, ([r, isee, f]) => {
        const result = assess(r, { ...f, iseeCents: isee }, DAY);
        expect(result).toEqual({ eligible: false, reason: f.resident ? 'isee_over_ceiling' : 'not_resident' });
      }),
    );
  });
});

describe('referenceDay: the day ages are counted on', () => {
  it('is the closing day in Milan, not in UTC', () => {
    expect(referenceDay('2026-03-31T22:30:00Z')).toBe('2026-04-01');
    expect(referenceDay('2026-03-31T21:59:59Z')).toBe('2026-03-31');
    expect(referenceDay('2026-01-31T23:00:00Z')).toBe('2026-02-01');
    expect(referenceDay('2026-01-31T22:59:59Z')).toBe('2026-01-31');
  });

  it('accepts a Date as well as a timestamp string', () => {
    expect(referenceDay(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
  });

  it('follows the change to summer time', () => {
    expect(referenceDay('2026-03-28T22:59:59Z')).toBe('2026-03-28');
    expect(referenceDay('2026-03-28T23:00:00Z')).toBe('2026-03-29');
    expect(referenceDay('2026-03-29T21:59:59Z')).toBe('2026-03-29');
    expect(referenceDay('2026-03-29T22:00:00Z')).toBe('2026-03-30');
  });

  it('decides who is still a minor when a call closes late at night in Milan', () => {
    const day = referenceDay('2026-03-31T22:30:00Z');
    expect(assess(DEFAULT_RULES, facts({ minors: [minor('2008-04-01')] }), day)).toEqual({ eligible: false, reason: 'no_minors_in_range' });
  });
});

describe('compareForRanking and rank: the order of the ranking', () => {
  it('puts more points first', () => {
    const ranked = rank(DEFAULT_RULES.tieBreakers, [line({ code: 'AAAA-AAAA', points: 5 }), line({ code: 'ZZZZ-ZZZZ', points: 12 })]);
    expect(codesOf(ranked)).toEqual(['ZZZZ-ZZZZ', 'AAAA-AAAA']);
  });

  it('numbers the lines from 1 and keeps their fields', () => {
    const ranked = rank(DEFAULT_RULES.tieBreakers, [line({ code: 'B', points: 1 }), line({ code: 'A', points: 2 })]);
    expect(ranked).toEqual([line({ code: 'A', points: 2 }), line({ code: 'B', points: 1 })].map((l, i) => ({ ...l, rank: i + 1 })));
  });

  it('ranks nothing as nothing and leaves its input as it was', () => {
    expect(rank(DEFAULT_RULES.tieBreakers, [])).toEqual([]);
    const input = [line({ code: 'B' }), line({ code: 'A' })];
    rank(DEFAULT_RULES.tieBreakers, input);
    expect(codesOf(input)).toEqual(['B', 'A']);
  });

  describe('ties in points', () => {
    it('go to the lower ISEE first', () => {
      const ranked = rank(['isee_lower'], [line({ code: 'A', iseeCents: 15_000_00 }), line({ code: 'B', iseeCents: 9_000_00 })]);
      expect(codesOf(ranked)).toEqual(['B', 'A']);
    });

    it('go to more minors first', () => {
      const ranked = rank(['more_minors'], [line({ code: 'A', minors: 1 }), line({ code: 'B', minors: 3 })]);
      expect(codesOf(ranked)).toEqual(['B', 'A']);
    });

    it('go to the earlier submission first, by instant rather than by text', () => {
      const ranked = rank(
        ['earlier_submission'],
        [line({ code: 'A', submittedAt: '2026-03-10T10:00:00.000Z' }), line({ code: 'B', submittedAt: '2026-03-10T10:30:00+01:00' })],
      );
      expect(codesOf(ranked)).toEqual(['B', 'A']);
    });

    it('apply the tie-breakers in the order the call lists them', () => {
      const a = line({ code: 'A', iseeCents: 9_000_00, minors: 1, submittedAt: '2026-03-12T09:00:00.000Z' });
      const b = line({ code: 'B', iseeCents: 14_000_00, minors: 3, submittedAt: '2026-03-11T09:00:00.000Z' });
      const c = line({ code: 'C', iseeCents: 14_000_00, minors: 2, submittedAt: '2026-03-10T09:00:00.000Z' });
      expect(codesOf(rank(['isee_lower', 'more_minors', 'earlier_submission'], [c, b, a]))).toEqual(['A', 'B', 'C']);
      expect(codesOf(rank(['more_minors', 'isee_lower', 'earlier_submission'], [c, a, b]))).toEqual(['B', 'C', 'A']);
      expect(codesOf(rank(['earlier_submission', 'isee_lower', 'more_minors'], [a, b, c]))).toEqual(['C', 'B', 'A']);
    });

    it('fall through a tie-breaker that does not separate them to the next one', () => {
      const a = line({ code: 'A', iseeCents: 9_000_00, minors: 1 });
      const b = line({ code: 'B', iseeCents: 9_000_00, minors: 2 });
      expect(codesOf(rank(['isee_lower', 'more_minors'], [a, b]))).toEqual(['B', 'A']);
    });

    it('ignore a criterion the call does not list', () => {
      const a = line({ code: 'A', iseeCents: 20_000_00, minors: 1 });
      const b = line({ code: 'B', iseeCents: 5_000_00, minors: 4 });
      expect(codesOf(rank([], [b, a]))).toEqual(['A', 'B']);
      expect(codesOf(rank(['earlier_submission'], [b, a]))).toEqual(['A', 'B']);
    });

    it('end with the application code when everything else is equal', () => {
      const ranked = rank(DEFAULT_RULES.tieBreakers, [
        line({ code: 'K7M2-9QRT' }),
        line({ code: 'C3PX-4WZA' }),
        line({ code: 'K7M2-9QRS' }),
      ]);
      expect(codesOf(ranked)).toEqual(['C3PX-4WZA', 'K7M2-9QRS', 'K7M2-9QRT']);
    });

    it('end with the application code when two submissions are the same instant written differently', () => {
      const compare = compareForRanking(['earlier_submission']);
      const a = line({ code: 'A', submittedAt: '2026-03-10T10:00:00.000Z' });
      const b = line({ code: 'B', submittedAt: '2026-03-10T11:00:00+01:00' });
      expect(compare(a, b)).toBeLessThan(0);
      expect(compare(b, a)).toBeGreaterThan(0);
      expect(codesOf(rank(['earlier_submission'], [b, a]))).toEqual(['A', 'B']);
    });

    it('go on to the next tie-breaker when submissions differ only below the millisecond', () => {
      const a = line({ code: 'A', minors: 1, submittedAt: '2026-03-10T10:00:00.123456Z' });
      const b = line({ code: 'B', minors: 2, submittedAt: '2026-03-10T10:00:00.123457Z' });
      expect(codesOf(rank(['earlier_submission', 'more_minors'], [a, b]))).toEqual(['B', 'A']);
      expect(codesOf(rank(['earlier_submission'], [b, a]))).toEqual(['A', 'B']);
    });
  });

  it('compares two lines as equal only when they are the same application', () => {
    const compare = compareForRanking(DEFAULT_RULES.tieBreakers);
    expect(compare(line({ code: 'A' }), line({ code: 'A' }))).toBe(0);
    expect(compare(line({ code: 'A' }), line({ code: 'B' }))).toBeLessThan(0);
  });

  describe('properties', () => {
    it('is a permutation of the lines, numbered 1..n, with points never increasing', () => {
      fc.assert(
        fc.property(tieBreakersArb, linesArb, (tieBreakers, lines) => {
          const ranked = rank(tieBreakers, lines);
          expect([...codesOf(ranked)].sort()).toEqual([...codesOf(lines)].sort());
          expect(ranked.map((l) => l.rank)).toEqual(lines.map((_, i) => i + 1));
          for (let i = 1; i < ranked.length; i++) expect(ranked[i].points).toBeLessThanOrEqual(ranked[i - 1].points);
        }),
      );
    });

    it('does not depend on the order the applications arrive in', () => {
      const shuffled = linesArb.chain((lines) =>
        fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length })),
      );
      fc.assert(
        fc.property(tieBreakersArb, shuffled, (tieBreakers, [lines, again]) => {
          expect(codesOf(rank(tieBreakers, again))).toEqual(codesOf(rank(tieBreakers, lines)));
        }),
      );
    });

    it('orders by points, then the listed tie-breakers, then the code, and nothing else', () => {
      fc.assert(
        fc.property(tieBreakersArb, linesArb, (tieBreakers, lines) => {
          const key = (l: Rankable) => [
            -l.points,
            ...tieBreakers.map((t) => (t === 'isee_lower' ? l.iseeCents : t === 'more_minors' ? -l.minors : Date.parse(l.submittedAt))),
          ];
          const byKey = (a: Rankable, b: Rankable) => {
            const [ka, kb] = [key(a), key(b)];
            const differs = ka.findIndex((x, i) => x !== kb[i]);
            return differs >= 0 ? ka[differs] - kb[differs] : a.code < b.code ? -1 : 1;
          };
          expect(codesOf(rank(tieBreakers, lines))).toEqual(codesOf([...lines].sort(byKey)));
        }),
      );
    });

    it('is a strict total order: antisymmetric, and zero only for the same code', () => {
      fc.assert(
        fc.property(tieBreakersArb, linesArb, (tieBreakers, lines) => {
          const compare = compareForRanking(tieBreakers);
          for (const a of lines) {
            for (const b of lines) {
              const ab = Math.sign(compare(a, b));
              expect(ab + Math.sign(compare(b, a))).toBe(0);
              expect(ab === 0).toBe(a.code === b.code);
            }
          }
        }),
      );
    });
  });
});

describe('allocate: funding in rank order while the budget lasts', () => {
  const at = (...amounts: number[]) => amounts.map((amountCents, i) => ({ code: `L${i + 1}`, amountCents }));

  it('funds everyone when the budget is enough, to the last cent', () => {
    expect(allocate(1000_00, at(400_00, 300_00, 300_00))).toEqual({
      funded: at(400_00, 300_00, 300_00),
      waiting: [],
      allocatedCents: 1000_00,
    });
  });

  it('stops at the first household that does not fit, and no one lower jumps ahead', () => {
    const ranked = at(400_00, 400_00, 300_00, 100_00);
    const result = allocate(900_00, ranked);
    expect(codesOf(result.funded)).toEqual(['L1', 'L2']);
    expect(codesOf(result.waiting)).toEqual(['L3', 'L4']);
    expect(result.allocatedCents).toBe(800_00);
  });

  it('never splits a voucher: the household that does not fit waits for its whole amount', () => {
    const result = allocate(399_99, at(400_00));
    expect(result).toEqual({ funded: [], waiting: at(400_00), allocatedCents: 0 });
  });

  it('allocates nothing from an empty ranking', () => {
    expect(allocate(1000_00, [])).toEqual({ funded: [], waiting: [], allocatedCents: 0 });
  });

  it('keeps the ranked lines themselves, in order', () => {
    const ranked = at(100_00, 200_00, 300_00);
    const { funded, waiting } = allocate(300_00, ranked);
    expect([...funded, ...waiting].every((l, i) => l === ranked[i])).toBe(true);
  });

  it('funds a prefix, spends no more than the budget, and leaves the next in line unable to fit', () => {
    const ranked = fc.array(fc.record({ code: fc.string(), amountCents: fc.integer({ min: 1, max: 2_000_00 }) }), { maxLength: 30 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_00 }), ranked, (budget, lines) => {
        const { funded, waiting, allocatedCents } = allocate(budget, lines);
        expect([...funded, ...waiting]).toEqual(lines);
        funded.forEach((l, i) => expect(l).toBe(lines[i]));
        expect(allocatedCents).toBe(funded.reduce((sum, l) => sum + l.amountCents, 0));
        expect(allocatedCents).toBeLessThanOrEqual(budget);
        if (waiting.length > 0) expect(waiting[0].amountCents).toBeGreaterThan(budget - allocatedCents);
      }),
    );
  });
});

describe('reminderDue: the in-app reminders before a voucher’s deadline', () => {
  const deadline = new Date('2026-12-31T22:59:59.000Z');
  const before = (ms: number) => reminderDue(deadline, new Date(deadline.getTime() - ms));

  it('calls for nothing more than 30 days ahead', () => {
    expect(before(30 * DAY_MS + 1)).toBeNull();
    expect(before(90 * DAY_MS)).toBeNull();
  });

  it('calls for the 30-day reminder from exactly 30 days until 7', () => {
    expect(before(30 * DAY_MS)).toBe(30);
    expect(before(7 * DAY_MS + 1)).toBe(30);
  });

  it('calls for the 7-day reminder from exactly 7 days until 1', () => {
    expect(before(7 * DAY_MS)).toBe(7);
    expect(before(DAY_MS + 1)).toBe(7);
  });

  it('calls for the 1-day reminder in the last day', () => {
    expect(before(DAY_MS)).toBe(1);
    expect(before(1)).toBe(1);
  });

  it('calls for nothing once the deadline has come or passed', () => {
    expect(before(0)).toBeNull();
    expect(before(-DAY_MS)).toBeNull();
  });
});

describe('applicationCode: the pseudonymous code of a published ranking', () => {
  const CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

  it('writes eight letters and digits in two groups of four', () => {
    expect(applicationCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))).toBe('2345-6789');
    expect(applicationCode(new Uint8Array([8, 9, 10, 11, 28, 29, 30, 31]))).toBe('ABCD-WXYZ');
  });

  it('wraps every byte onto the alphabet', () => {
    expect(applicationCode(new Uint8Array([32, 63, 64, 255, 224, 0, 0, 0]))).toBe('2Z2Z-2222');
  });

  it('uses only the first eight bytes', () => {
    expect(applicationCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 99, 100]))).toBe('2345-6789');
  });

  it('never uses look-alikes (0, 1, I, O) and gives different codes for different residues', () => {
    const bytes = fc.uint8Array({ minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        expect(applicationCode(a)).toMatch(CODE);
        const sameResidues = a.every((x, i) => x % 32 === b[i] % 32);
        expect(applicationCode(a) === applicationCode(b)).toBe(sameResidues);
      }),
    );
  });
});

describe('CallRulesSchema: the rules a city may configure', () => {
  it('accepts Milan’s default rules as they are', () => {
    expect(v.parse(CallRulesSchema, DEFAULT_RULES)).toEqual(DEFAULT_RULES);
  });

  it('accepts any generated valid rules', () => {
    fc.assert(
      fc.property(rulesArb, (r) => {
        expect(issuesOf(CallRulesSchema, r)).toEqual([]);
      }),
    );
  });

  it('requires the last band to reach the ceiling, so every eligible ISEE has an amount', () => {
    const short = { ...DEFAULT_RULES, bands: DEFAULT_RULES.bands.slice(0, 3) };
    expect(issuesOf(CallRulesSchema, short)).toEqual([{ path: 'bands', message: 'field_bands_cover' }]);
    const exact = { ...DEFAULT_RULES, bands: [{ belowCents: 27_000_00, amountCents: 100_00 }] };
    expect(issuesOf(CallRulesSchema, exact)).toEqual([]);
    const below = { ...exact, iseeCeilingCents: 27_000_01 };
    expect(issuesOf(CallRulesSchema, below)).toEqual([{ path: 'bands', message: 'field_bands_cover' }]);
  });

  it('requires bands in strictly ascending order', () => {
    const swapped = { ...DEFAULT_RULES, bands: [DEFAULT_RULES.bands[1], DEFAULT_RULES.bands[0], ...DEFAULT_RULES.bands.slice(2)] };
    expect(issuesOf(CallRulesSchema, swapped)).toContainEqual({ path: 'bands', message: 'field_bands' });
    const repeated = { ...DEFAULT_RULES, bands: [DEFAULT_RULES.bands[0], ...DEFAULT_RULES.bands] };
    expect(issuesOf(CallRulesSchema, repeated)).toContainEqual({ path: 'bands', message: 'field_bands' });
  });

  it('requires between 1 and 10 bands with whole positive amounts of at most 5,000 euro', () => {
    const band = (belowCents: number, amountCents: number) => ({ belowCents, amountCents });
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, bands: [] })).toEqual([{ path: 'bands', message: 'field_bands' }]);
    const eleven = Array.from({ length: 11 }, (_, i) => band(27_000_00 + i, 100_00));
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, bands: eleven })).toContainEqual({ path: 'bands', message: 'field_bands' });
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, bands: eleven.slice(1) })).toEqual([]);
    for (const amountCents of [0, -100, 100.5, 5_000_01]) {
      expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, bands: [band(27_000_00, amountCents)] })).toContainEqual({
        path: 'bands.0.amountCents',
        message: 'field_bands',
      });
    }
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, bands: [band(27_000_00, 5_000_00)] })).toEqual([]);
  });

  it('bounds the ceiling between one cent and the largest typable ISEE', () => {
    for (const iseeCeilingCents of [0, -1, 1.5, MAX_ISEE_CENTS + 1, '27000']) {
      expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, iseeCeilingCents })).toContainEqual({
        path: 'iseeCeilingCents',
        message: 'field_isee_ceiling',
      });
    }
  });

  it('keeps the minors’ age range within 0–17 and in order', () => {
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, minorAgeMin: 10, minorAgeMax: 9 })).toEqual([
      { path: 'minorAgeMax', message: 'field_minor_age' },
    ]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, minorAgeMax: 18 })).toEqual([{ path: 'minorAgeMax', message: 'field_minor_age' }]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, minorAgeMin: -1 })).toEqual([{ path: 'minorAgeMin', message: 'field_minor_age' }]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, minorAgeMin: 12, minorAgeMax: 12 })).toEqual([]);
  });

  it('refuses an unknown way of paying, points out of 0–100 and unknown or repeated tie-breakers', () => {
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, per: 'person' })).toEqual([{ path: 'per', message: 'field_per' }]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, points: { ...DEFAULT_RULES.points, perMinor: 101 } })).toEqual([
      { path: 'points.perMinor', message: 'field_points' },
    ]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, points: null })).toEqual([{ path: 'points', message: 'field_points' }]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, tieBreakers: ['isee_lower', 'coin_toss'] })).toEqual([
      { path: 'tieBreakers.1', message: 'field_tie_breakers' },
    ]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, tieBreakers: ['isee_lower', 'isee_lower'] })).toEqual([
      { path: 'tieBreakers', message: 'field_tie_breakers' },
    ]);
    expect(issuesOf(CallRulesSchema, { ...DEFAULT_RULES, tieBreakers: [] })).toEqual([]);
  });

  it('refuses something that is not rules at all', () => {
    expect(issuesOf(CallRulesSchema, 'rules')).toEqual([{ path: '', message: 'field_rules' }]);
  });
});

describe('CallInputSchema: a call as the city creates it', () => {
  const call = {
    name: { it: 'Dote sport 2026', en: 'Sport voucher 2026' },
    description: { it: 'Un contributo per lo sport dei ragazzi.' },
    budgetCents: 2_000_000_00,
    opensAt: '2026-03-01T08:00:00Z',
    closesAt: '2026-03-31T22:00:00Z',
    spendingDeadline: '2026-12-31T22:59:59Z',
    graceHours: 72,
    rules: DEFAULT_RULES,
  };

  it('accepts a well-formed call, filling in the languages left empty', () => {
    expect(issuesOf(CallInputSchema, call)).toEqual([]);
    expect(v.parse(CallInputSchema, call).name).toEqual({ it: 'Dote sport 2026', en: 'Sport voucher 2026', ar: '', zh: '', es: '' });
  });

  it('requires applications to close after they open, and the spending deadline after that', () => {
    expect(issuesOf(CallInputSchema, { ...call, closesAt: call.opensAt })).toEqual([{ path: 'closesAt', message: 'field_closes_at' }]);
    expect(issuesOf(CallInputSchema, { ...call, spendingDeadline: call.closesAt })).toEqual([
      { path: 'spendingDeadline', message: 'field_spending_deadline' },
    ]);
  });

  it('bounds the budget and the grace hours', () => {
    for (const budgetCents of [0, -1, 10.5, MAX_BUDGET_CENTS + 1])
      expect(issuesOf(CallInputSchema, { ...call, budgetCents })).toEqual([{ path: 'budgetCents', message: 'field_budget' }]);
    expect(issuesOf(CallInputSchema, { ...call, budgetCents: MAX_BUDGET_CENTS })).toEqual([]);
    expect(issuesOf(CallInputSchema, { ...call, graceHours: 169 })).toEqual([{ path: 'graceHours', message: 'field_grace_hours' }]);
    expect(issuesOf(CallInputSchema, { ...call, graceHours: 0 })).toEqual([]);
  });

  it('refuses dates that are not timestamps and names too short in Italian', () => {
    expect(issuesOf(CallInputSchema, { ...call, opensAt: '2026-03-01' })).toEqual([{ path: 'opensAt', message: 'field_opens_at' }]);
    expect(issuesOf(CallInputSchema, { ...call, opensAt: 'soon' })).toContainEqual({ path: 'opensAt', message: 'field_opens_at' });
    expect(issuesOf(CallInputSchema, { ...call, name: { it: ' Do ' } })).toEqual([{ path: 'name.it', message: 'field_call_name' }]);
  });

  it('reports the rules’ own problems under rules', () => {
    const bad = { ...call, rules: { ...DEFAULT_RULES, bands: DEFAULT_RULES.bands.slice(0, 2) } };
    expect(issuesOf(CallInputSchema, bad)).toEqual([{ path: 'rules.bands', message: 'field_bands_cover' }]);
    expect(issuesOf(CallInputSchema, { ...call, rules: { ...DEFAULT_RULES, bands: [] } })).toEqual([
      { path: 'rules.bands', message: 'field_bands' },
    ]);
  });
});

describe('ApplySchema: a guardian’s application', () => {
  const application = {
    id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
    callId: '9b2e6a1c-54d1-4c8e-8f0b-7f1d2a3b4c5d',
    householdId: 'c0a80101-0000-4000-8000-000000000001',
    resident: true,
    iseeCents: 12_345_67,
    dsu: ' inps-isee-2026-12345678a-00 ',
    singleParent: false,
    disabledAdults: 0,
    consent: true,
  };

  it('accepts a complete application, normalising ids and the DSU number', () => {
    expect(v.parse(ApplySchema, application)).toEqual({
      ...application,
      id: application.id.toLowerCase(),
      dsu: 'INPS-ISEE-2026-12345678A-00',
    });
  });

  it('refuses a forged amount or band the form does not have', () => {
    expect(issuesOf(ApplySchema, { ...application, amountCents: 400_00 })).toEqual([{ path: 'amountCents', message: 'field_unknown' }]);
    expect(issuesOf(ApplySchema, { ...application, band: 0 })).toEqual([{ path: 'band', message: 'field_unknown' }]);
    expect(issuesOf(ApplySchema, { ...application, minors: [] })).toEqual([{ path: 'minors', message: 'field_unknown' }]);
  });

  it('requires consent and a declared residence', () => {
    expect(issuesOf(ApplySchema, { ...application, consent: false })).toEqual([{ path: 'consent', message: 'field_consent' }]);
    expect(issuesOf(ApplySchema, { ...application, consent: 'yes' })).toEqual([{ path: 'consent', message: 'field_consent' }]);
    expect(issuesOf(ApplySchema, { ...application, resident: false })).toEqual([{ path: 'resident', message: 'field_resident' }]);
  });

  it('refuses a DSU number not in the form INPS prints', () => {
    for (const dsu of [
      'INPS-ISEE-2026-1234567A-00',
      'INPS-ISEE-26-12345678A-00',
      'INPS-ISEE-2026-12345678-00',
      'ISEE-2026-12345678A-00',
      12345678,
    ]) {
      expect(issuesOf(ApplySchema, { ...application, dsu })).toEqual([{ path: 'dsu', message: 'field_dsu' }]);
    }
  });

  it('takes an ISEE in whole cents from zero to the largest typable', () => {
    expect(issuesOf(ApplySchema, { ...application, iseeCents: 0 })).toEqual([]);
    expect(issuesOf(ApplySchema, { ...application, iseeCents: MAX_ISEE_CENTS })).toEqual([]);
    for (const iseeCents of [-1, 100.5, MAX_ISEE_CENTS + 1, null, '12000']) {
      expect(issuesOf(ApplySchema, { ...application, iseeCents })).toEqual([{ path: 'iseeCents', message: 'field_isee' }]);
    }
  });

  it('refuses ids that are not UUIDs and a count of disabled adults out of 0–10', () => {
    expect(issuesOf(ApplySchema, { ...application, callId: 'call-1' })).toEqual([{ path: 'callId', message: 'field_call_id' }]);
    expect(issuesOf(ApplySchema, { ...application, disabledAdults: 11 })).toEqual([
      { path: 'disabledAdults', message: 'field_disabled_adults' },
    ]);
    expect(issuesOf(ApplySchema, { ...application, singleParent: 'no' })).toEqual([
      { path: 'singleParent', message: 'field_single_parent' },
    ]);
  });

  it('reports a missing field as required, not as unknown, though both carry the object’s message', () => {
    const { consent: _, ...withoutConsent } = application;
    const issues = v.safeParse(ApplySchema, withoutConsent).issues ?? [];
    expect(issues.map(issueToField)).toEqual([{ path: 'consent', code: 'field_required' }]);
    const forged = v.safeParse(ApplySchema, { ...application, amountCents: 400_00 }).issues ?? [];
    expect(forged.map(issueToField)).toEqual([{ path: 'amountCents', code: 'field_unknown' }]);
  });
});

// Arbitraries, kept apart so the tests above read as rules.

/** Rules as CallRulesSchema accepts them: ascending bands, the last reaching the ceiling or beyond. */
const rulesArb: fc.Arbitrary<CallRules> = fc.integer({ min: 1, max: 50_000_00 }).chain((ceiling) =>
  fc
    .record({
      iseeCeilingCents: fc.constant(ceiling),
      bands: fc
        .tuple(fc.uniqueArray(fc.integer({ min: 1, max: ceiling }), { maxLength: 5 }), fc.integer({ min: 0, max: 10_000_00 }))
        .chain(([inner, beyond]) => {
          const bounds = [...new Set([...inner.filter((b) => b < ceiling), ceiling + beyond])].sort((a, b) => a - b);
          return fc.tuple(
            ...bounds.map((belowCents) => fc.integer({ min: 1, max: 5_000_00 }).map((amountCents) => ({ belowCents, amountCents }))),
          );
        }),
      per: fc.constantFrom('household' as const, 'minor' as const),
      minorAgeMin: fc.integer({ min: 0, max: 17 }),
      minorAgeSpan: fc.integer({ min: 0, max: 17 }),
      points: fc.record({
        perDisabledMember: fc.integer({ min: 0, max: 100 }),
        perMinor: fc.integer({ min: 0, max: 100 }),
        singleParent: fc.integer({ min: 0, max: 100 }),
      }),
      tieBreakers: fc.shuffledSubarray([...TIE_BREAKERS]),
    })
    .map(({ minorAgeSpan, ...r }) => ({ ...r, minorAgeMax: Math.min(17, r.minorAgeMin + minorAgeSpan) })),
);

const birthDateArb = fc
  .date({ min: new Date('2004-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const factsArb: fc.Arbitrary<ApplicantFacts> = fc.record({
  resident: fc.boolean(),
  iseeCents: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 60_000_00 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, -1, 1.5) },
  ),
  minors: fc.array(fc.record({ birthDate: birthDateArb, disability: fc.boolean() }), { maxLength: 5 }),
  disabledAdults: fc.integer({ min: 0, max: 10 }),
  singleParent: fc.boolean(),
});

const tieBreakersArb: fc.Arbitrary<TieBreaker[]> = fc.shuffledSubarray([...TIE_BREAKERS]);

/** Few distinct values, so ties in points and in every tie-breaker are common. */
const linesArb: fc.Arbitrary<Rankable[]> = fc.uniqueArray(
  fc.record({
    code: fc.stringMatching(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/),
    points: fc.integer({ min: 0, max: 4 }),
    iseeCents: fc.constantFrom(0, 9_999_99, 10_000_00, 26_999_99),
    minors: fc.integer({ min: 1, max: 3 }),
    submittedAt: fc.constantFrom('2026-03-10T09:00:00.000Z', '2026-03-10T09:00:00.001Z', '2026-03-11T18:30:00.000Z'),
  }),
  { selector: (l) => l.code, maxLength: 25 },
);
