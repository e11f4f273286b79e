import { describe, expect, it } from '@jest/globals';
import { batchLoader } from './batch-loader';

describe('batchLoader', () => {
  it('runs the calls of one tick as one batch, each caller with its own result or error', async () => {
    const batches: string[][] = [];
    const loader = batchLoader<string, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => (key === 'bad' ? new Error(`no ${key}`) : `value of ${key}`));
    });
    const results = await Promise.allSettled(['a', 'bad', 'a'].map((key) => loader.load(key)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'value of a' },
      { status: 'rejected', reason: new Error('no bad') },
      { status: 'fulfilled', value: 'value of a' },
    ]);
    // Nothing cached or merged: the repeated key is asked for again, in the same batch.
    expect(batches).toEqual([['a', 'bad', 'a']]);
    expect(await loader.load('a')).toBe('value of a');
    expect(batches).toHaveLength(2);
  });

  it('takes in the calls made until the tick ends, in batches of up to 200', async () => {
    const sizes: number[] = [];
    const loader = batchLoader<number, number>(async (keys) => {
      sizes.push(keys.length);
      return keys.map((key) => key * 2);
    });
    const first = loader.load(0);
    // A call made after an await of the same tick still joins (the batch waits for setImmediate).
    const later = Promise.resolve().then(() => loader.load(-1));
    const crowd = Promise.all(Array.from({ length: 448 }, (_, i) => loader.load(i + 1)));
    expect((await crowd).at(-1)).toBe(896);
    expect([await first, await later]).toEqual([0, -2]);
    expect(sizes).toEqual([200, 200, 50]);
  });

  it('fails every caller of a batch whose function returns the wrong number of results', async () => {
    const loader = batchLoader<string, string>(async (keys) => keys.slice(1));
    const results = await Promise.allSettled(['a', 'b'].map((key) => loader.load(key)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/same length as the Array of keys/);
  });
});
