import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SaveOfferSchema, toggleSaved } from './saved';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('toggleSaved', () => {
  it('puts a newly saved activity first, once', () => {
    expect(toggleSaved({ offerIds: [A] }, B, true)).toEqual({ offerIds: [B, A] });
    expect(toggleSaved({ offerIds: [B, A] }, A, true)).toEqual({ offerIds: [A, B] });
  });

  it('lets one go, and letting go what is not saved changes nothing', () => {
    expect(toggleSaved({ offerIds: [B, A] }, B, false)).toEqual({ offerIds: [A] });
    expect(toggleSaved({ offerIds: [A] }, B, false)).toEqual({ offerIds: [A] });
  });
});

describe('SaveOfferSchema', () => {
  it('takes an activity id and a yes or no, and nothing else', () => {
    expect(v.safeParse(SaveOfferSchema, { offerId: A.toUpperCase(), saved: true }).output).toEqual({ offerId: A, saved: true });
    expect(v.safeParse(SaveOfferSchema, { offerId: 'x', saved: true }).success).toBe(false);
    expect(v.safeParse(SaveOfferSchema, { offerId: A, saved: 'yes' }).success).toBe(false);
  });
});
