import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

describe('group commit', () => {
  it('gathers concurrent callers into one batch and gives each its own results', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      return items.map((i) => i * 10);
    }, 100);
    const results = await Promise.all([commit.submit([1, 2]), commit.submit([3]), commit.submit([4, 5, 6])]);
    expect(results).toEqual([[10, 20], [30], [40, 50, 60]]);
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it('keeps batches within the size bound, never splitting a caller', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, number>(async (items) => (batches.push(items), items), 3);
    await Promise.all([commit.submit([1, 2]), commit.submit([3, 4]), commit.submit([5, 6, 7, 8])]);
    expect(batches).toEqual([[1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it('fails only the caller whose work fails when a shared batch fails', async () => {
    const commit = new GroupCommit<number, number>(async (items) => {
      if (items.includes(13)) throw new Error('unlucky');
      return items;
    }, 100);
    const [good, bad, alsoGood] = await Promise.allSettled([commit.submit([1]), commit.submit([13]), commit.submit([2])]);
    expect(good).toEqual({ status: 'fulfilled', value: [1] });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('unlucky') });
    expect(alsoGood).toEqual({ status: 'fulfilled', value: [2] });
  });
});
