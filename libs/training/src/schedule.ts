import { InputError } from '@emosweep/common';
import type { MonitorMetric, Schedule } from './types.js';

export interface ResolvedSchedule {
  kind: Schedule['kind'];
  stepSize: number;
  gamma: number;
  tMax: number;
  minLr: number;
  factor: number;
  patience: number;
  metric: MonitorMetric;
}

export function resolveSchedule(s: Schedule | undefined, epochs: number): ResolvedSchedule {
  const r: ResolvedSchedule = { kind: 'none', stepSize: 10, gamma: 0.1, tMax: epochs, minLr: 0, factor: 0.1, patience: 2, metric: 'valLoss' };
  if (s == null) return r;
  const num = (v: unknown, name: string, ok: (x: number) => boolean, why: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new InputError(`schedule.${name}`, `${why}, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (s.kind) {
    case 'none':
      return r;
    case 'step':
      return {
        ...r,
        kind: 'step',
        stepSize: num(s.stepSize ?? 10, 'stepSize', (x) => Number.isInteger(x) && x >= 1, 'must be a positive integer (epochs)'),
        gamma: num(s.gamma ?? 0.1, 'gamma', (x) => x > 0 && x <= 1, 'must be in (0, 1]'),
      };
    case 'cosine':
      return {
        ...r,
        kind: 'cosine',
        tMax: num(s.tMax ?? epochs, 'tMax', (x) => x >= 1, 'must be ≥ 1 (epochs)'),
        minLr: num(s.minLr ?? 0, 'minLr', (x) => x >= 0, 'must be ≥ 0'),
      };
    case 'plateau':
      if (s.metric != null && s.metric !== 'valLoss' && s.metric !== 'valUa') {
        throw new InputError('schedule.metric', `must be 'valLoss' or 'valUa', got ${JSON.stringify(s.metric)}`);
      }
      return {
        ...r,
        kind: 'plateau',
        factor: num(s.factor ?? 0.1, 'factor', (x) => x > 0 && x < 1, 'must be in (0, 1)'),
        patience: num(s.patience ?? 2, 'patience', (x) => Number.isInteger(x) && x >= 0, 'must be an integer ≥ 0'),
        minLr: num(s.minLr ?? 0, 'minLr', (x) => x >= 0, 'must be ≥ 0'),
        metric: s.metric ?? 'valLoss',
      };
    default:
      throw new InputError('schedule.kind', `unknown schedule ${JSON.stringify((s as { kind: unknown }).kind)} (expected none, step, cosine or plateau)`);
  }
}

/** Learning rate of epoch `epoch` (1-based) for the closed-form schedules; plateau returns `plateauLr`. */
export function scheduledLr(s: ResolvedSchedule, baseLr: number, epoch: number, plateauLr: number): number {
  switch (s.kind) {
    case 'step':
      return baseLr * s.gamma ** Math.floor((epoch - 1) / s.stepSize);
    case 'cosine': {
      const t = Math.min(epoch - 1, s.tMax);
      return s.minLr + ((baseLr - s.minLr) * (1 + Math.cos((Math.PI * t) / s.tMax))) / 2;
    }
    case 'plateau':
      return plateauLr;
    default:
      return baseLr;
  }
}
