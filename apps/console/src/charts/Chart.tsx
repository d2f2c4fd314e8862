/**
 * ECharts (tree-shaken, SVG renderer) behind one component. Every chart gets an accessible name and
 * a text summary (ECharts' aria description), so screen readers get more than "image".
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart, LineChart, ParallelChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  BoxplotChart,
  HeatmapChart,
  LineChart,
  ParallelChart,
  ScatterChart,
  CustomChart,
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export const PALETTE = ['#2456c9', '#d1495b', '#1e7340', '#b26b00', '#6a4c93', '#0b7a8a', '#8c564b', '#5f6b7a'];

export function Chart({ option, label, height = 300, onEvents }: { option: EChartsOption; label: string; height?: number; onEvents?: Record<string, (p: unknown) => void> }) {
  const full: EChartsOption = {
    color: PALETTE,
    animation: false,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    aria: { enabled: true, label: { enabled: true } },
    ...option,
  };
  return (
    <div className="chart" role="figure" aria-label={label}>
      <ReactEChartsCore echarts={echarts} option={full} notMerge lazyUpdate style={{ height, width: '100%' }} opts={{ renderer: 'svg' }} onEvents={onEvents} />
    </div>
  );
}

export type { EChartsOption };
