import { describe, expect, it } from 'vitest';
import { evalWindowStarts, leaveOneGroupOut, resolveSchedule, scheduledLr, validationSplit } from '../src/index.js';
import { synthetic } from './synthetic.js';

describe('leave-one-group-out', () => {
  it('one fold per group, in natural order, the held-out group never among the training groups', () => {
    const groups = ['Session10', 'Session2', 'Session1', 'Session2', 'Session10'];
    const plan = leaveOneGroupOut(groups);
    expect(plan.map((p) => p.heldOut)).toEqual(['Session1', 'Session2', 'Session10']);
    for (const p of plan) {
      expect(p.trainGroups).not.toContain(p.heldOut);
      expect(p.trainGroups.length).toBe(2);
    }
    expect(() => leaveOneGroupOut(['a', 'a'])).toThrow(/groups: leave-one-group-out needs at least 2 groups/);
  });

  it('validation comes from the training groups only, by whole speakers, never the held-out group', () => {
    const samples = synthetic({ dims: 3, groups: 5, perClass: 2 });
    for (const { heldOut } of leaveOneGroupOut(samples.map((s) => s.group))) {
      const train = samples.filter((s) => s.group !== heldOut);
      const split = validationSplit(train, { fraction: 0.1, by: 'speaker', seed: 3 });
      expect(split.by).toBe('speaker');
      expect([...split.train, ...split.validation].some((s) => s.group === heldOut)).toBe(false);
      expect(split.train.length + split.validation.length).toBe(train.length);
      const valSpeakers = new Set(split.validation.map((s) => s.speaker));
      expect(valSpeakers.size).toBe(1); // round(0.1 × 8 speakers) → 1
      expect(split.train.some((s) => valSpeakers.has(s.speaker))).toBe(false);
      expect(validationSplit(train, { fraction: 0.1, seed: 3 })).toEqual(split); // deterministic
    }
  });

  it('falls back to a stratified utterance split with fewer than 3 speakers', () => {
    const samples = synthetic({ dims: 3, groups: 1, perClass: 5 }); // 2 speakers × 4 classes × 5
    const split = validationSplit(samples, { fraction: 0.2, by: 'speaker', seed: 1 });
    expect(split.by).toBe('utterance');
    const perClass = [0, 1, 2, 3].map((c) => split.validation.filter((s) => s.label === c).length);
    expect(perClass).toEqual([2, 2, 2, 2]);
    expect(validationSplit(samples, { fraction: 0.2, by: 'utterance', seed: 1 }).validation.length).toBe(8);
  });

  it('rejects a bad fraction or mode', () => {
    const samples = synthetic({ dims: 3, groups: 1, perClass: 1 });
    expect(() => validationSplit(samples, { fraction: 0, seed: 1 })).toThrow(/validation\.fraction/);
    expect(() => validationSplit(samples, { fraction: 0.1, by: 'session' as never, seed: 1 })).toThrow(/validation\.by/);
  });
});

describe('evaluation windows and schedules', () => {
  it('covers an utterance with seqLen windows, the last aligned to the end', () => {
    expect(evalWindowStarts(300, 150)).toEqual([0, 150]);
    expect(evalWindowStarts(320, 150)).toEqual([0, 150, 170]);
    expect(evalWindowStarts(150, 150)).toEqual([0]);
    expect(evalWindowStarts(40, 150)).toEqual([0]);
  });

  it('step and cosine schedules', () => {
    const step = resolveSchedule({ kind: 'step', stepSize: 2, gamma: 0.5 }, 10);
    expect([1, 2, 3, 4, 5].map((e) => scheduledLr(step, 1e-3, e, 0))).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4]);
    const cos = resolveSchedule({ kind: 'cosine', minLr: 0 }, 5);
    expect(scheduledLr(cos, 1, 1, 0)).toBe(1);
    expect(scheduledLr(cos, 1, 3, 0)).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * 2) / 5)), 12);
    expect(() => resolveSchedule({ kind: 'exp' } as never, 5)).toThrow(/schedule\.kind/);
    expect(() => resolveSchedule({ kind: 'step', gamma: 2 }, 5)).toThrow(/schedule\.gamma/);
  });
});
