import { Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { billing, monthRange } from '../api/billing';
import { useI18n } from '../i18n';
import { type CostNode, monthSeries, nestRows } from '../lib/cost-model';
import { addMonths, formatMonth } from '../lib/format';
import { sumMoney } from '../lib/money';
import { useApi } from '../lib/use-api';
import { Pie, Treemap, Trend } from './CostCharts';
import { Money } from './Money';
import { ErrorState, Loading, Nothing } from './States';

/** The month the cost views open on: the last complete month. */
export function defaultMonth(): string {
  return addMonths(new Date().toISOString().slice(0, 7), -1);
}

export function MonthPicker({ value, onChange }: { value: string; onChange: (m: string) => void }) {
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      value={dayjs(`${value}-01`)}
      onChange={(d) => d && onChange(d.format('YYYY-MM'))}
      data-testid="month-picker"
    />
  );
}

/**
 * A node's or app's costs for a month: a roll-up along `levels` (treemap, or pies for an app) and a
 * six-month trend. `scope` is what GET /costs takes: a domain, domain.business, appid, product:<name>, org:<name>.
 */
export function CostPanel({
  scope,
  levels,
  month,
  onMonth,
  pies,
}: {
  scope: string;
  levels: string[];
  month: string;
  onMonth: (m: string) => void;
  pies?: boolean;
}) {
  const { t, locale } = useI18n();
  const first = addMonths(month, -5);
  const data = useApi(async () => {
    const range = monthRange(month);
    const trendRange = monthRange(first, 6);
    const [breakdowns, trend] = await Promise.all([
      Promise.all((pies ? levels.map((l) => [l]) : [levels]).map((lv) => billing.costs({ ...range, groupBy: lv.join(','), scope }))),
      billing.costs({ ...trendRange, groupBy: 'month', scope }),
    ]);
    return { breakdowns, trend };
  }, [scope, month, levels.join(','), pies]);

  const header = (
    <Space>
      <Typography.Text>{t('cost.month')}</Typography.Text>
      <MonthPicker value={month} onChange={onMonth} />
    </Space>
  );
  if (data.error)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {header}
        <ErrorState error={data.error} onRetry={data.reload} compact />
      </Space>
    );
  if (!data.data) return <Loading />;
  const { breakdowns, trend } = data.data;
  const currency = breakdowns[0]?.totals[0]?.currency ?? trend.totals[0]?.currency ?? 'CNY';
  const total = sumMoney(breakdowns[0]?.rows.map((r) => r.amount) ?? []);
  const months = Array.from({ length: 6 }, (_, i) => addMonths(first, i));
  const series = monthSeries(trend.rows, months);
  const unallocated = t('cost.unallocated');
  const trees = breakdowns.map((b, i) => nestRows(b.rows, pies ? [levels[i] ?? ''] : levels, unallocated));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="cost-panel">
      {header}
      <Row gutter={16}>
        <Col span={8}>
          <Card size="small">
            <Statistic
              title={t('cost.total', { month: formatMonth(month, locale) })}
              value={total}
              formatter={() => <Money amount={total} currency={currency} />}
            />
          </Card>
        </Col>
      </Row>
      {(breakdowns[0]?.rows.length ?? 0) === 0 ? (
        <Nothing text={t('cost.noData')} />
      ) : pies ? (
        <Row gutter={16}>
          {trees.map((nodes, i) => (
            <Col span={12} key={levels[i]}>
              <Card size="small" title={levels[i] === 'type' ? t('cost.byType') : t('cost.byEnv')}>
                <Pie nodes={nodes} currency={currency} />
                <CostTable nodes={nodes} currency={currency} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : (
        <Card size="small" title={t('node.costs')}>
          <Treemap nodes={trees[0] ?? []} currency={currency} />
          <CostTable nodes={trees[0] ?? []} currency={currency} />
        </Card>
      )}
      <Card size="small" title={`${t('node.trend')} · ${t('cost.trend')}`}>
        <Trend series={series} currency={currency} />
      </Card>
    </Space>
  );
}

export function CostTable({ nodes, currency }: { nodes: CostNode[]; currency: string }) {
  const { t } = useI18n();
  return (
    <Table<CostNode>
      size="small"
      rowKey={(n) => String(n.id)}
      dataSource={nodes}
      pagination={false}
      expandable={{ childrenColumnName: 'children' }}
      columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('cost.amount'), dataIndex: 'amount', align: 'right', render: (a: string) => <Money amount={a} currency={currency} /> },
      ]}
    />
  );
}
