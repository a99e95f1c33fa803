/**
 * ECharts options for the Insights charts, from the aggregated points of one currency and the
 * theme's colours. Values are the currency's major units (minor / 10^digits), shown in the
 * user's locale; nothing here reads the DOM.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { currencyMinorDigits } from '@shared/money';
import type { Point } from './aggregate';
import type { ChartColors } from './theme-colors';

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface ChartFormat {
  currency: string;
  /** The project's base unit where the currency is one project's (see money.ts), else null. */
  baseUnit: number | null;
  /** A whole amount, formatted as money in the user's locale. */
  money: (minor: number) => string;
  locale: string;
}

export type ChartKind = 'bar' | 'bar-horizontal' | 'pie';

function major(minor: number, format: ChartFormat): number {
  return minor / 10 ** currencyMinorDigits(format.currency, format.baseUnit);
}

function tooltip(colors: ChartColors, format: ChartFormat, trigger: 'axis' | 'item'): TooltipComponentOption {
  return {
    trigger,
    backgroundColor: colors.panel,
    borderColor: colors.border,
    textStyle: { color: colors.text },
    // The value shown is the exact sum, not the float the chart draws.
    valueFormatter: (value) => (typeof value === 'number' ? format.money(Math.round(value * 10 ** currencyMinorDigits(format.currency, format.baseUnit))) : String(value ?? '')),
  };
}

export function chartOption(kind: ChartKind, points: readonly Point[], colors: ChartColors, format: ChartFormat): ChartOption {
  const compact = new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 });
  const text = { color: colors.muted };
  if (kind === 'pie') {
    return {
      animation: false,
      color: colors.series,
      tooltip: tooltip(colors, format, 'item'),
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          avoidLabelOverlap: true,
          itemStyle: { borderColor: colors.panel, borderWidth: 2 },
          label: { color: colors.text, textBorderWidth: 0, formatter: '{b}' },
          labelLine: { lineStyle: { color: colors.muted } },
          data: points.map((p) => ({ name: p.label, value: major(p.minor, format) })),
        },
      ],
    };
  }
  const horizontal = kind === 'bar-horizontal';
  const categoryAxis = {
    type: 'category' as const,
    data: points.map((p) => p.label),
    axisLabel: { ...text, ...(horizontal ? { width: 140, overflow: 'truncate' as const } : {}) },
    axisLine: { lineStyle: { color: colors.border } },
    axisTick: { show: false },
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value' as const,
    axisLabel: { ...text, formatter: (value: number) => compact.format(value) },
    splitLine: { lineStyle: { color: colors.border } },
  };
  return {
    animation: false,
    color: colors.series,
    tooltip: tooltip(colors, format, 'axis'),
    grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      {
        type: 'bar',
        name: format.currency,
        data: points.map((p) => major(p.minor, format)),
        itemStyle: { color: colors.series[0], borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
        barMaxWidth: 36,
        cursor: 'pointer',
      },
    ],
  };
}
