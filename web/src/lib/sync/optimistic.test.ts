import { describe, expect, it } from 'vitest';
import type { Me } from '$shared/account';
import type { Household } from '$shared/household';
import type { Mutation } from '$shared/sync';
import { showHousehold, showMe } from './optimistic';

const me: Me = { id: 'u1', email: 'a@b.it', name: 'Amina', role: 'guardian', language: 'it', household: { id: 'h1', municipio: 6 }, provider: null, hub: null };
const household: Household = { id: 'h1', municipio: 6, guardians: [], minors: [{ id: 'm1', name: 'Sara', birthDate: '2011-03-12', disability: false, email: null }] };
let seq = 0;
const mutation = (name: string, args: unknown): Mutation => ({ id: `x${++seq}`, clientId: 'c', seq, name, args, clientTime: '2026-11-26T00:00:00.000Z' });

describe('what the person sees while changes wait', () => {
  it('applies profile changes in order over the confirmed state', () => {
    const shown = showMe(me, [mutation('profile.update', { language: 'ar' }), mutation('profile.update', { name: 'Amina H.' }), mutation('profile.update', { language: 'en' })]);
    expect(shown).toMatchObject({ name: 'Amina H.', language: 'en' });
    expect(me.language).toBe('it');
  });
  it('shows an added child as waiting, once, until the server confirms it', () => {
    const add = mutation('household.addMinor', { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true });
    expect(showHousehold(household, [add])!.minors).toEqual([household.minors[0], { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, email: null, pending: true }]);
    const confirmed = { ...household, minors: [...household.minors, { id: 'm2', name: 'Omar', birthDate: '2015-01-01', disability: true, email: null }] };
    expect(showHousehold(confirmed, [add])!.minors).toHaveLength(2);
  });
  it('shows nothing before the first sync', () => {
    expect(showMe(undefined, [mutation('profile.update', { name: 'x' })])).toBeUndefined();
  });
});
