import { describe, expect, it } from 'vitest';
import { orderedPool } from '../../../src/platform/import/ordered-pool';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('orderedPool', () => {
  it('returns results in input order although they finish out of order, never exceeding the limit', async () => {
    let running = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2];
    const out: number[] = [];
    for await (const [item, r] of orderedPool(delays, 3, async (d) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(d);
      running--;
      return d * 2;
    })) {
      expect(r).toBe(item * 2);
      out.push(item);
    }
    expect(out).toEqual(delays);
    expect(peak).toBe(3);
  });

  it('stops launching work when the consumer stops early', async () => {
    let started = 0;
    for await (const [item] of orderedPool([1, 2, 3, 4, 5, 6, 7, 8], 2, async (x) => {
      started++;
      await sleep(1);
      return x;
    })) {
      if (item === 2) break;
    }
    // Two in flight at first, one more launched as each of items 1 and 2 is handed out, then nothing.
    expect(started).toBe(4);
  });

  it('propagates a rejection at its position', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const [item] of orderedPool([1, 2, 3], 3, async (x) => {
        if (x === 2) throw new Error('boom 2');
        return x;
      })) seen.push(item);
    };
    await expect(run()).rejects.toThrow('boom 2');
    expect(seen).toEqual([1]);
  });
});
