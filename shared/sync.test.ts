import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { lateMutationAccepted, PushSchema } from './sync';

const at = (s: string) => new Date(`2026-11-26T${s}Z`);
const HOUR = 3_600_000;
const deadline = at('12:00:00');

describe('a mutation received after its deadline', () => {
  const rule = (receivedAt: string, clientTime: string, lastSyncedAt: string | null) =>
    lateMutationAccepted({
      receivedAt: at(receivedAt),
      deadline,
      graceMs: 2 * HOUR,
      clientTime: at(clientTime),
      lastSyncedAt: lastSyncedAt ? at(lastSyncedAt) : null,
    });

  it('counts when received before the deadline, whatever the device says', () => {
    expect(rule('11:59:59', '13:00:00', '11:00:00')).toBe(true);
    expect(rule('12:00:00', '12:00:00', null)).toBe(true);
  });
  it('counts within the grace window when made before the deadline and after the last sync', () => {
    expect(rule('13:00:00', '11:30:00', '11:00:00')).toBe(true);
    expect(rule('14:00:00', '12:00:00', '12:00:00')).toBe(true);
    expect(rule('13:00:00', '11:30:00', null)).toBe(true);
  });
  it('does not count after the grace window', () => {
    expect(rule('14:00:01', '11:30:00', '11:00:00')).toBe(false);
  });
  it('does not count when the device says it was made after the deadline', () => {
    expect(rule('13:00:00', '12:00:01', '11:00:00')).toBe(false);
  });
  it('does not count when the device claims a time before its own last confirmed sync', () => {
    expect(rule('13:00:00', '10:59:59', '11:00:00')).toBe(false);
  });
});

describe('a push', () => {
  const mutation = {
    id: '6f1c1f0e-8a57-4f4e-9d0c-1a2b3c4d5e6f',
    clientId: '0d6f7a58-2f0b-4c3b-8e47-5d4a1b2c3d4e',
    seq: 1,
    name: 'profile.update',
    args: {},
    clientTime: '2026-11-26T10:00:00.000Z',
  };
  const userId = '9b2f5f0a-3c1d-4e5f-8a7b-6c5d4e3f2a1b';
  it('takes mutations of its own client only, and says whose they are', () => {
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId, mutations: [mutation] })).toBe(true);
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId.toUpperCase(), mutations: [mutation] })).toBe(true);
    expect(v.is(PushSchema, { userId, clientId: '11111111-2222-4333-8444-555555555555', mutations: [mutation] })).toBe(false);
    expect(v.is(PushSchema, { clientId: mutation.clientId, mutations: [mutation] })).toBe(false);
  });
  it('refuses an empty push, fractional or zero seqs, and times that are not times', () => {
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId, mutations: [] })).toBe(false);
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId, mutations: [{ ...mutation, seq: 1.5 }] })).toBe(false);
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId, mutations: [{ ...mutation, seq: 0 }] })).toBe(false);
    expect(v.is(PushSchema, { userId, clientId: mutation.clientId, mutations: [{ ...mutation, clientTime: 'yesterday' }] })).toBe(false);
  });
});
