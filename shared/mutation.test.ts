import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { hasMessage } from './i18n/translate';
import { upgradeArgs, type MutationContract } from './mutation';
import { MUTATIONS } from './sync';

const renamed: MutationContract = {
  args: v.object({ text: v.string(), tags: v.array(v.string()) }),
  version: 3,
  upgrades: {
    1: (old) => ({ text: (old as { note: string }).note }),
    2: (old) => ({ ...(old as object), tags: [] }),
  },
  roles: ['youth'],
  label: 'mutation_other',
  refusals: [],
  changes: [],
};

describe('arguments queued under an older shape', () => {
  it('are brought to the current shape step by step', () => {
    expect(upgradeArgs(renamed, 1, { note: 'hi' })).toEqual({ args: { text: 'hi', tags: [] } });
    expect(upgradeArgs(renamed, 2, { text: 'hi' })).toEqual({ args: { text: 'hi', tags: [] } });
  });
  it('are taken as they are at the current version', () => {
    const args = { text: 'hi', tags: ['a'] };
    expect(upgradeArgs(renamed, 3, args)).toEqual({ args });
  });
  it('are not guessed at when no step leads from their version, or it is newer or not a version', () => {
    expect(upgradeArgs({ ...renamed, upgrades: { 2: renamed.upgrades![2] } }, 1, { note: 'hi' })).toBeNull();
    expect(upgradeArgs(renamed, 4, {})).toBeNull();
    expect(upgradeArgs(renamed, 0, {})).toBeNull();
    expect(upgradeArgs(renamed, 1.5, {})).toBeNull();
  });
});

describe('every mutation declared', () => {
  it.each(Object.entries(MUTATIONS))(
    '%s can be upgraded from each older version, is named in every language, and is open to someone',
    (_name, contract: MutationContract) => {
      expect(Number.isInteger(contract.version) && contract.version >= 1).toBe(true);
      for (let version = 1; version < contract.version; version++)
        expect(contract.upgrades?.[version], `an upgrade from version ${version}`).toBeTypeOf('function');
      expect(hasMessage(contract.label)).toBe(true);
      expect(contract.roles.length).toBeGreaterThan(0);
    },
  );
});
