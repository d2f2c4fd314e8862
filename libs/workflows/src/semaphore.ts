/**
 * Runs async jobs with at most `limit` in flight. Plain promises are deterministic inside
 * Temporal's workflow sandbox, so this keeps bounded fan-out without timers or clocks.
 */
export async function runBounded<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await job(items[i]) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
