import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../test/fixtures/activities.js';

const { shout } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/** `n` sequential activities; returns each round trip in workflow time (ms). */
export async function activityLoop(n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = Date.now(); // workflow time: deterministic, advanced by the activity's completion event
    await shout('x');
    times.push(Date.now() - t0);
  }
  return times;
}

export async function oneActivity(): Promise<string> {
  return shout('x');
}
