import { describe, expect, it } from 'vitest';
import { runBounded } from './semaphore.js';

describe('runBounded', () => {
  it('never runs more than `limit` jobs at once and keeps result order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await runBounded([5, 1, 4, 2, 3], 2, async (ms) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return ms * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([50, 10, 40, 20, 30]);
  });

  it('records failures without stopping the other jobs', async () => {
    const results = await runBounded([1, 2, 3], 1, async (x) => {
      if (x === 2) throw new Error('boom');
      return x;
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('boom');
  });

  it('handles an empty list', async () => {
    expect(await runBounded([], 3, async () => 1)).toEqual([]);
  });
});
