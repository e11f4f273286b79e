import { describe, expect, it } from '@jest/globals';
import { GroupCommitter } from './group-commit';

/** A run that records its batches and waits until released. */
function recorder() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const run = async (inputs: string[]) => {
    batches.push(inputs);
    await new Promise<void>((resolve) => releases.push(resolve));
    return inputs.map((input) => `done ${input}`);
  };
  return { batches, releases, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('runs callers that arrive together as one batch, each with its own output', async () => {
    const { batches, releases, run } = recorder();
    const committer = new GroupCommitter(run, { maxConcurrentBatches: 2, maxBatchSize: 10 });
    const outputs = Promise.all(['a', 'b', 'c'].map((x) => committer.submit(x)));
    await tick();
    releases.forEach((release) => release());
    expect(await outputs).toEqual(['done a', 'done b', 'done c']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('holds later callers while the batches in flight are at the limit, then sends them together', async () => {
    const { batches, releases, run } = recorder();
    const committer = new GroupCommitter(run, { maxConcurrentBatches: 1, maxBatchSize: 10 });
    const first = committer.submit('a');
    await tick();
    const later = Promise.all(['b', 'c'].map((x) => committer.submit(x)));
    await tick();
    expect(batches).toEqual([['a']]);
    releases[0]();
    expect(await first).toBe('done a');
    await tick();
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    releases[1]();
    expect(await later).toEqual(['done b', 'done c']);
  });

  it('keeps inputs with the same conflict key and batches above the size limit apart, in order', async () => {
    const { batches, releases, run } = recorder();
    const committer = new GroupCommitter(run, {
      maxConcurrentBatches: 4,
      maxBatchSize: 2,
      conflictKeys: (x: string) => [x[0]],
    });
    const outputs = Promise.all(['a1', 'b1', 'a2', 'c1'].map((x) => committer.submit(x)));
    await tick();
    await tick();
    expect(batches).toEqual([
      ['a1', 'b1'],
      ['a2', 'c1'],
    ]);
    releases.forEach((release) => release());
    expect(await outputs).toEqual(['done a1', 'done b1', 'done a2', 'done c1']);
  });

  it('splits a batch that failed as a whole in halves until only the bad input fails', async () => {
    const batches: string[][] = [];
    const failures: number[] = [];
    const committer = new GroupCommitter(
      async (inputs: string[]) => {
        batches.push(inputs);
        if (inputs.includes('bad')) throw new Error('bad input');
        return inputs.map((x) => `done ${x}`);
      },
      { maxConcurrentBatches: 1, maxBatchSize: 10, onBatchFailure: (_error, size) => failures.push(size) },
    );
    const outcomes = await Promise.allSettled(['a', 'bad', 'b'].map((x) => committer.submit(x)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'done a' },
      { status: 'rejected', reason: new Error('bad input') },
      { status: 'fulfilled', value: 'done b' },
    ]);
    expect(failures).toEqual([3, 2]);
    expect(batches).toEqual([['a', 'bad', 'b'], ['a', 'bad'], ['a'], ['bad'], ['b']]);
  });

  it('isolates one bad input among 64 in about 2 log2(64) extra runs, each good input succeeding once', async () => {
    const inputs = Array.from({ length: 64 }, (_, i) => (i === 41 ? 'bad' : `x${i}`));
    const runs: string[][] = [];
    const succeeded: string[] = [];
    const committer = new GroupCommitter(
      async (batch: string[]) => {
        runs.push(batch);
        if (batch.includes('bad')) throw new Error('bad input');
        succeeded.push(...batch);
        return batch.map((x) => `done ${x}`);
      },
      { maxConcurrentBatches: 1, maxBatchSize: 64 },
    );
    const outcomes = await Promise.allSettled(inputs.map((x) => committer.submit(x)));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(outcomes[41]).toEqual({ status: 'rejected', reason: new Error('bad input') });
    expect(succeeded.sort()).toEqual(inputs.filter((x) => x !== 'bad').sort());
    // 1 + 2 per halving (6 halvings of 64): one by one it would take 1 + 64.
    expect(runs).toHaveLength(13);
  });
});
