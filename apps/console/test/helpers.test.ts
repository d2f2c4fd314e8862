import { describe, expect, it } from 'vitest';
import { nextRuns } from '../src/lib/cron';
import { band, rowNormalise, sumMatrices, toMatrix } from '../src/lib/stats';
import { toCsv } from '../src/lib/csv';
import { countEntries, groupsOf } from '../src/lib/datasets';
import { getPath, issuesAt, pathOf, setPath } from '../src/lib/draft';

describe('cron preview', () => {
  it('gives the next five runs in the time zone', () => {
    const from = new Date('2026-03-28T12:00:00Z');
    const r = nextRuns('0 2 * * *', 'Europe/Paris', 5, from);
    expect(r.error).toBeUndefined();
    // 02:00 Paris: UTC+1 before the DST change on 29 March, UTC+2 after (02:00 does not exist on the 29th)
    expect(r.runs.map((d) => d.toISOString())).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-04-02T00:00:00.000Z']);
  });
  it('says what is wrong with a bad expression or zone', () => {
    expect(nextRuns('61 2 * * *', 'UTC').error).toMatch(/minute/);
    expect(nextRuns('0 2 * *', 'UTC').error).toMatch(/expected 5 fields/);
    expect(nextRuns('0 2 * * *', 'Mars/Olympus').error).toMatch(/not an IANA time zone/);
  });
});

describe('stats', () => {
  it('band: mean ± std per epoch over folds of different lengths', () => {
    const b = band([
      [{ x: 1, y: 1 }, { x: 2, y: 2 }],
      [{ x: 1, y: 3 }],
    ]);
    expect(b[0]).toMatchObject({ x: 1, mean: 2, n: 2 });
    expect(b[0].hi - b[0].mean).toBeCloseTo(Math.SQRT2);
    expect(b[1]).toMatchObject({ x: 2, mean: 2, lo: 2, hi: 2, n: 1 });
  });
  it('confusion matrices: summed over folds and row-normalised', () => {
    const s = sumMatrices([toMatrix([[1, 2], [0, 3]])!, toMatrix({ matrix: [[1, 0], [1, 1]] })!]);
    expect(s).toEqual([[2, 2], [1, 4]]);
    expect(rowNormalise(s!)).toEqual([[0.5, 0.5], [0.2, 0.8]]);
    expect(rowNormalise([[0, 0]])).toEqual([[0, 0]]);
  });
});

describe('helpers', () => {
  it('csv quotes what needs quoting', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, 'say "hi"']])).toBe('a,b\r\n1,"x,y"\r\n,"say ""hi"""\r\n');
  });
  it('dataset counts in the API shapes', () => {
    expect(countEntries([{ name: 'Session1', count: 3 }])).toEqual([['Session1', 3]]);
    expect(countEntries({ a: 1 })).toEqual([['a', 1]]);
    expect(groupsOf({ groups: [{ name: 'Session10', count: 1 }, { name: 'Session2', count: 1 }] })).toEqual(['Session2', 'Session10']);
  });
  it('draft paths', () => {
    expect(pathOf('grid.lr[1]')).toEqual(['grid', 'lr', 1]);
    const d = setPath({ a: { b: 1 } }, 'a.c', 2);
    expect(d).toEqual({ a: { b: 1, c: 2 } });
    expect(setPath(d, 'a.b', undefined)).toEqual({ a: { c: 2 } });
    expect(getPath({ x: [{ y: 5 }] }, 'x[0].y')).toBe(5);
    expect(issuesAt([{ path: 'grid.lr[1]', message: 'bad' }, { path: 'grid.lrx', message: 'no' }], 'grid.lr')).toEqual(['[1]: bad']);
  });
});
