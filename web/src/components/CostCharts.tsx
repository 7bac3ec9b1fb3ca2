import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n';
import type { CostNode } from '../lib/cost-model';
import { formatMonth } from '../lib/format';
import { formatMoney } from '../lib/money';
import { Chart } from './Chart';

type Item = { name: string; amount?: string };

export function Treemap({
  nodes,
  currency,
  onPick,
  height = 340,
}: {
  nodes: CostNode[];
  currency: string;
  onPick?: (n: CostNode) => void;
  height?: number;
}) {
  const { locale } = useI18n();
  const option: EChartsCoreOption = {
    tooltip: { formatter: (p: { data: Item }) => `${p.data.name}<br/>${formatMoney(p.data.amount ?? '0', currency, locale)}` },
    series: [
      {
        type: 'treemap',
        data: nodes,
        // Drill-down swaps the data: an animated morph between levels only blurs the labels.
        animation: false,
        top: 8,
        left: 8,
        right: 8,
        bottom: onPick ? 8 : 30,
        roam: false,
        nodeClick: onPick ? false : 'zoomToNode',
        breadcrumb: { show: !onPick },
        label: { show: true, formatter: '{b}' },
        upperLabel: { show: true, height: 22 },
        levels: [{ itemStyle: { borderWidth: 2, gapWidth: 2, borderColor: '#fff' } }, { itemStyle: { gapWidth: 1 } }],
      },
    ],
  };
  return <Chart option={option} height={height} onClick={(p) => onPick?.(p.data as CostNode)} />;
}

export function Sunburst({ nodes, currency, height = 340 }: { nodes: CostNode[]; currency: string; height?: number }) {
  const { locale } = useI18n();
  const option: EChartsCoreOption = {
    tooltip: { formatter: (p: { data: Item }) => `${p.data.name}<br/>${formatMoney(p.data.amount ?? '0', currency, locale)}` },
    series: [{ type: 'sunburst', data: nodes, radius: ['12%', '90%'], label: { rotate: 'radial', minAngle: 10 } }],
  };
  return <Chart option={option} height={height} />;
}

export function Trend({
  series,
  currency,
  height = 260,
}: {
  series: Array<{ month: string; amount: string }>;
  currency: string;
  height?: number;
}) {
  const { locale } = useI18n();
  const option: EChartsCoreOption = {
    tooltip: {
      trigger: 'axis',
      formatter: (ps: Array<{ dataIndex: number }>) => {
        const s = series[ps[0]?.dataIndex ?? 0];
        return s ? `${formatMonth(s.month, locale)}<br/>${formatMoney(s.amount, currency, locale)}` : '';
      },
    },
    grid: { left: 70, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: series.map((s) => formatMonth(s.month, locale)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v) } },
    series: [{ type: 'bar', data: series.map((s) => Number(s.amount)), itemStyle: { color: '#1677ff' }, barMaxWidth: 40 }],
  };
  return <Chart option={option} height={height} />;
}

export function Pie({ nodes, currency, height = 260 }: { nodes: CostNode[]; currency: string; height?: number }) {
  const { locale } = useI18n();
  const option: EChartsCoreOption = {
    tooltip: {
      formatter: (p: { data: Item; percent: number }) =>
        `${p.data.name}<br/>${formatMoney(p.data.amount ?? '0', currency, locale)} (${p.percent}%)`,
    },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: nodes, label: { formatter: '{b}' } }],
  };
  return <Chart option={option} height={height} />;
}
