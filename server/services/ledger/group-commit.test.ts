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
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6, 7, 8],
    ]);
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

  it('starts the next batch once the last is handed over, never more than `depth` at once', async () => {
    const answers: (() => void)[] = [];
    const batches: number[][] = [];
    let most = 0;
    let open = 0;
    const commit = new GroupCommit<number, number>(
      (items, sent) => {
        batches.push(items);
        open++;
        most = Math.max(most, open);
        sent();
        return new Promise((resolve) => answers.push(() => (open--, resolve(items))));
      },
      2,
      2,
    );
    const all = Promise.all([1, 2, 3, 4, 5, 6].map((i) => commit.submit([i])));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Two handed over, the rest waits for one of them to be answered.
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    while (answers.length) {
      answers.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await all).toEqual([[1], [2], [3], [4], [5], [6]]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(most).toBe(2);
  });

  it('with depth one, waits for each batch to be answered, even if it says it was sent', async () => {
    let open = 0;
    let most = 0;
    const commit = new GroupCommit<number, number>(async (items, sent) => {
      sent();
      open++;
      most = Math.max(most, open);
      await new Promise((resolve) => setTimeout(resolve, 5));
      open--;
      return items;
    }, 1);
    await Promise.all([1, 2, 3].map((i) => commit.submit([i])));
    expect(most).toBe(1);
  });
});
