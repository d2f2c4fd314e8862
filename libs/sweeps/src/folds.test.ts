import { describe, expect, it } from 'vitest';
import { SpecError, foldSeed, naturalCompare, planFoldRuns, planFolds, planSweepFolds, type CvSpec, type FoldPlan } from './index.js';

const SESSIONS = ['Session10', 'Session2', 'Session1', 'Session3'];
const LOGO: CvSpec = { strategy: 'leave-one-group-out' };

function checkDisjointAndComplete(plans: FoldPlan[], groups: string[]) {
  for (const p of plans) {
    for (const g of p.testGroups) expect(p.trainGroups).not.toContain(g);
    expect([...p.testGroups, ...p.trainGroups].sort()).toEqual([...new Set(groups)].sort());
  }
}

describe('naturalCompare', () => {
  it('orders digit runs by value, locale-independently', () => {
    expect(['Session10', 'Session2', 'Session1', 'session3', 'Ses01F', 'Ses1F'].sort(naturalCompare)).toEqual(['Ses01F', 'Ses1F', 'Session1', 'Session2', 'Session10', 'session3']);
    expect(naturalCompare('a', 'a')).toBe(0);
    expect(naturalCompare('fold-2', 'fold-10')).toBeLessThan(0);
  });
});

describe('planFolds: leave-one-group-out', () => {
  it('one fold per group, naturally sorted, held-out never in train', () => {
    const plans = planFolds(SESSIONS, LOGO);
    expect(plans.map((p) => p.heldOut)).toEqual(['Session1', 'Session2', 'Session3', 'Session10']);
    expect(plans[1]).toEqual({ heldOut: 'Session2', testGroups: ['Session2'], trainGroups: ['Session1', 'Session3', 'Session10'] });
    checkDisjointAndComplete(plans, SESSIONS);
    expect(planFolds([...SESSIONS, 'Session2'], LOGO)).toEqual(plans);
  });

  it('applies a folds subset in plan order', () => {
    const plans = planFolds(SESSIONS, { ...LOGO, folds: ['Session10', 'Session1'] });
    expect(plans.map((p) => p.heldOut)).toEqual(['Session1', 'Session10']);
    expect(plans[1].trainGroups).toEqual(['Session1', 'Session2', 'Session3']);
  });

  it('an unknown fold is a SpecError naming cv.folds[i] and the available groups', () => {
    try {
      planFolds(SESSIONS, { ...LOGO, folds: ['Session1', 'Session9'] });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      const [issue] = (e as SpecError).issues;
      expect(issue.path).toBe('cv.folds[1]');
      expect(issue.message).toBe('"Session9" is not a fold of this dataset; expected one of Session1, Session2, Session3, Session10');
    }
  });

  it('needs at least two groups', () => {
    expect(() => planFolds(['Session1'], LOGO)).toThrow(SpecError);
    expect(() => planFolds([], LOGO)).toThrow(/at least 2 groups/);
  });
});

describe('planFolds: group-k-fold', () => {
  const groups = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];

  it('deals groups into k folds, every group tested exactly once', () => {
    const plans = planFolds(groups, { strategy: 'group-k-fold', k: 3 });
    expect(plans.map((p) => p.heldOut)).toEqual(['fold-1', 'fold-2', 'fold-3']);
    expect(plans.map((p) => p.testGroups)).toEqual([['g1', 'g4', 'g7'], ['g2', 'g5'], ['g3', 'g6']]);
    expect(plans.flatMap((p) => p.testGroups).sort()).toEqual(groups);
    checkDisjointAndComplete(plans, groups);
    expect(planFolds([...groups].reverse(), { strategy: 'group-k-fold', k: 3 })).toEqual(plans);
  });

  it('balances by count when counts are given', () => {
    const counts = { g1: 100, g2: 10, g3: 10, g4: 10, g5: 10, g6: 60, g7: 50 };
    const plans = planFolds(groups, { strategy: 'group-k-fold', k: 3 }, { counts });
    const totals = plans.map((p) => p.testGroups.reduce((s, g) => s + counts[g as keyof typeof counts], 0));
    expect(totals).toEqual([100, 80, 70]);
    checkDisjointAndComplete(plans, groups);
  });

  it('a seed shuffles deterministically', () => {
    const a = planFolds(groups, { strategy: 'group-k-fold', k: 3 }, { seed: 1 });
    expect(planFolds(groups, { strategy: 'group-k-fold', k: 3 }, { seed: 1 })).toEqual(a);
    const others = [2, 3, 4, 5].map((seed) => JSON.stringify(planFolds(groups, { strategy: 'group-k-fold', k: 3 }, { seed })));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
    checkDisjointAndComplete(a, groups);
    expect(planSweepFolds({ cv: { strategy: 'group-k-fold', k: 3 }, seed: 1 }, groups)).toEqual(a);
  });

  it('subset by fold id; k larger than the groups and unknown fold ids are SpecErrors', () => {
    expect(planFolds(groups, { strategy: 'group-k-fold', k: 3, folds: ['fold-2'] }).map((p) => p.heldOut)).toEqual(['fold-2']);
    expect(() => planFolds(['a', 'b'], { strategy: 'group-k-fold', k: 3 })).toThrow(/cv\.k: k=3 is more than the dataset's 2 groups/);
    expect(() => planFolds(groups, { strategy: 'group-k-fold', k: 3, folds: ['g1'] })).toThrow(/cv\.folds\[0\].*fold-1, fold-2, fold-3/);
  });
});

describe('foldSeed', () => {
  it('is a stable non-negative 31-bit integer, distinct across trials and folds', () => {
    const s = foldSeed(1, 'b726d8765799e0a6', 'Session1');
    expect(foldSeed(1, 'b726d8765799e0a6', 'Session1')).toBe(s);
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    expect(s).toBe(1058357382 & 0x7fffffff);
    const seeds = new Set<number>();
    for (const sweep of [0, 1]) for (const trial of ['t1', 't2', 't3']) for (const g of ['S1', 'S2', 'S3', 'S4', 'S5']) seeds.add(foldSeed(sweep, trial, g));
    expect(seeds.size).toBe(30);
  });

  it('planFoldRuns lists every trial × fold with its seed', () => {
    const runs = planFoldRuns({ seed: 3 }, [{ index: 0, key: 'k0' }, { index: 1, key: 'k1' }], planFolds(['S1', 'S2'], LOGO));
    expect(runs.map((r) => `${r.trialIndex}/${r.heldOut}`)).toEqual(['0/S1', '0/S2', '1/S1', '1/S2']);
    expect(runs[3].seed).toBe(foldSeed(3, 'k1', 'S2'));
  });
});
