import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { CollectiveCallInputSchema, CollectiveReviewSchema, pointsOf, rankCollective } from './collective-calls';

const line = (code: string, points: number, minors: number, submittedAt: string) => ({ code, points, minors, submittedAt });

describe('rankCollective: the order a collective call funds in', () => {
  it('puts most points first, then the larger group, then the earlier application, then the code', () => {
    const ranked = rankCollective([
      line('DDDD-0004', 20, 10, '2026-11-26T10:00:00Z'),
      line('CCCC-0003', 24, 20, '2026-11-26T09:00:00Z'),
      line('BBBB-0002', 24, 40, '2026-11-27T09:00:00Z'),
      line('AAAA-0001', 24, 20, '2026-11-26T09:00:00Z'),
      line('EEEE-0005', 24, 20, '2026-11-25T09:00:00Z'),
    ]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['BBBB-0002', 1],
      ['EEEE-0005', 2],
      ['AAAA-0001', 3],
      ['CCCC-0003', 4],
      ['DDDD-0004', 5],
    ]);
  });

  it('gives the same ranks whatever order the applications come in, each rank once', () => {
    const lines = fc.uniqueArray(
      fc.record({
        code: fc.stringMatching(/^[A-Z]{4}-[0-9]{4}$/),
        points: fc.integer({ min: 0, max: 30 }),
        minors: fc.integer({ min: 1, max: 300 }),
        submittedAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
      }),
      { selector: (l) => l.code, maxLength: 30 },
    );
    fc.assert(
      fc.property(lines, fc.func(fc.integer()), (list, shuffle) => {
        const shuffled = [...list].sort((a, b) => shuffle(a.code) - shuffle(b.code));
        const once = rankCollective(list).map((r) => [r.code, r.rank]);
        expect(rankCollective(shuffled).map((r) => [r.code, r.rank])).toEqual(once);
        expect(once.map(([, rank]) => rank)).toEqual(list.map((_, i) => i + 1));
        const ranked = rankCollective(list);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].points).toBeGreaterThanOrEqual(ranked[i].points);
      }),
    );
  });
});

describe('the collective call’s schemas', () => {
  const call = {
    name: { it: 'Voucher collettivi' },
    description: { it: 'Per scuole, associazioni e gruppi.' },
    budgetCents: 10_000_00,
    maxAmountCents: 3_000_00,
    opensAt: '2026-11-25T08:00:00.000Z',
    closesAt: '2026-12-05T18:00:00.000Z',
  };
  it('takes a call whose window closes after it opens and whose most per application fits its budget', () => {
    expect(v.safeParse(CollectiveCallInputSchema, call).success).toBe(true);
    expect(v.safeParse(CollectiveCallInputSchema, { ...call, maxAmountCents: 10_000_01 }).issues?.[0].message).toBe('field_max_amount');
    expect(v.safeParse(CollectiveCallInputSchema, { ...call, closesAt: call.opensAt }).issues?.[0].message).toBe('field_closes_at');
  });

  it('scores each criterion from 0 to 10, and excludes only with a reason', () => {
    const scores = { quality: 10, need: 0, inclusion: 7 };
    expect(pointsOf(scores)).toBe(17);
    expect(v.safeParse(CollectiveReviewSchema, { decision: 'score', scores }).success).toBe(true);
    expect(v.safeParse(CollectiveReviewSchema, { decision: 'score', scores: { ...scores, need: -1 } }).success).toBe(false);
    expect(v.safeParse(CollectiveReviewSchema, { decision: 'score', scores: { ...scores, need: 2.5 } }).success).toBe(false);
    expect(v.safeParse(CollectiveReviewSchema, { decision: 'exclude', reason: 'No' }).issues?.[0].message).toBe('field_exclusion_reason');
    expect(v.safeParse(CollectiveReviewSchema, { decision: 'exclude', reason: 'Manca il referente.' }).success).toBe(true);
  });
});
