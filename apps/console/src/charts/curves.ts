/** ECharts options for per-epoch curves: one fold's lines, or a trial's mean ± band over folds. */
import type { EChartsOption, SeriesOption } from 'echarts';
import { band } from '../lib/stats';
import { PALETTE } from './Chart';

export interface EpochRow {
  epoch: number;
  trainLoss: number;
  valLoss?: number | null;
  valUa?: number | null;
}

export function foldCurves(epochs: readonly EpochRow[]): EChartsOption {
  const e = [...epochs].sort((a, b) => a.epoch - b.epoch);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 'center' },
    grid: { left: 56, right: 56, top: 56, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 'dataMin', max: 'dataMax' },
    yAxis: [
      { type: 'value', name: 'loss', scale: true },
      { type: 'value', name: 'val UA', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    ],
    series: [
      { name: 'train loss', type: 'line', data: e.map((r) => [r.epoch, r.trainLoss]), showSymbol: e.length < 40 },
      { name: 'val loss', type: 'line', data: e.filter((r) => r.valLoss != null).map((r) => [r.epoch, r.valLoss]), showSymbol: e.length < 40 },
      { name: 'val UA', type: 'line', yAxisIndex: 1, data: e.filter((r) => r.valUa != null).map((r) => [r.epoch, r.valUa]), showSymbol: e.length < 40, lineStyle: { type: 'dashed' } },
    ],
  };
}

/** Mean line plus a shaded mean ± std band (a stacked pair of lines, the usual ECharts idiom). */
function bandSeries(name: string, pts: ReturnType<typeof band>, color: string, yAxisIndex = 0): SeriesOption[] {
  const stack = `band-${name}`;
  return [
    { name: `${name} lower`, type: 'line', data: pts.map((p) => [p.x, p.lo]), lineStyle: { opacity: 0 }, stack, symbol: 'none', yAxisIndex, tooltip: { show: false }, silent: true, legendHoverLink: false },
    { name: `${name} ± std`, type: 'line', data: pts.map((p) => [p.x, p.hi - p.lo]), lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.18 }, stack, symbol: 'none', yAxisIndex, tooltip: { show: false }, silent: true },
    { name, type: 'line', data: pts.map((p) => [p.x, p.mean]), itemStyle: { color }, lineStyle: { color, width: 2 }, showSymbol: pts.length < 40, yAxisIndex },
  ];
}

export function trialCurves(folds: readonly { heldOut: string; epochs: readonly EpochRow[] }[]): EChartsOption {
  const s = (f: (r: EpochRow) => number | null | undefined) => folds.map((fold) => fold.epochs.map((r) => ({ x: r.epoch, y: f(r) })));
  const train = band(s((r) => r.trainLoss));
  const val = band(s((r) => r.valLoss));
  const ua = band(s((r) => r.valUa));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 'center', data: ['train loss', 'val loss', 'val UA'] },
    grid: { left: 56, right: 56, top: 56, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 'dataMin', max: 'dataMax' },
    yAxis: [
      { type: 'value', name: 'loss', scale: true },
      { type: 'value', name: 'val UA', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    ],
    series: [...bandSeries('train loss', train, PALETTE[0]), ...bandSeries('val loss', val, PALETTE[1]), ...bandSeries('val UA', ua, PALETTE[2], 1)],
  };
}
