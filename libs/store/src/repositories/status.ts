import type { RunStatus } from '../generated/prisma/client.js';

export const TERMINAL: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/**
 * Statuses a run may move to `to` from. Runs only move forward (pending → running → terminal),
 * so a retried or late status write never undoes a later one; `running` → `running` and a
 * terminal status written twice are idempotent no-ops. A failed run may be retried (→ running).
 */
export function allowedFrom(to: RunStatus): RunStatus[] {
  switch (to) {
    case 'pending':
      return ['pending'];
    case 'running':
      return ['pending', 'running', 'failed'];
    case 'completed':
      // a result that arrives after the run was marked failed (e.g. a timed-out attempt) still counts
      return ['pending', 'running', 'failed', 'completed'];
    case 'failed':
      return ['pending', 'running', 'failed'];
    case 'cancelled':
      return ['pending', 'running', 'cancelled'];
  }
}
