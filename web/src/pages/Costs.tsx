import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useSearchParams } from 'react-router';
import { billing, type CostTreeNode } from '../api/billing';
import { download } from '../api/client';
import { useMe } from '../auth';
import { Sunburst, Treemap } from '../components/CostCharts';
import { defaultMonth, MonthPicker } from '../components/CostPanel';
import { Money } from '../components/Money';
import { ErrorState, Loading, Nothing } from '../components/States';
import { useI18n } from '../i18n';
import type { CostNode } from '../lib/cost-model';
import { formatDateTime, formatMonth } from '../lib/format';
import { chartValue, sumMoney } from '../lib/money';
import { nodePath } from '../lib/tree';
import { useApi } from '../lib/use-api';

function toChart(n: CostTreeNode): CostNode {
  return {
    name: n.title || n.key,
    id: n.key,
    amount: n.amount,
    value: chartValue(n.amount),
    ...(n.children?.length && { children: n.children.map(toChart) }),
  };
}

/** Share of `part` in `whole` as a percentage string, from the exact decimals (display only). */
function share(part: string, whole: string): string {
  const w = Number(whole);
  return w ? `${((Number(part) / w) * 100).toFixed(1)}%` : '—';
}

function Statement({ month }: { month: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const st = useApi(() => billing.statement(month), [month]);
  if (st.error) return <ErrorState error={st.error} onRetry={st.reload} compact />;
  if (!st.data) return <Loading />;
  const s = st.data;
  const lines = s.lines.filter((l) => l.kind === 'business');
  const other = s.lines.filter((l) => l.kind !== 'business');
  const close = async () => {
    try {
      await billing.close(month);
      message.success(t('cost.closed', { month: formatMonth(month, locale) }));
      st.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card
      size="small"
      title={`${t('cost.statement')} · ${formatMonth(month, locale)}`}
      data-testid="statement"
      extra={
        <Space>
          <Tag color={s.status === 'closed' ? 'green' : 'orange'} data-testid="statement-status">
            {s.status === 'closed'
              ? t('cost.statusClosed', { at: formatDateTime(s.closedAt, locale), by: s.closedBy ?? '' })
              : t('cost.statusOpen')}
          </Tag>
          <Button onClick={() => download(`/api/v1/statements/${month}?format=csv`, `statement-${month}.csv`)} data-testid="statement-csv">
            {t('cost.csv')}
          </Button>
          {me.isAdmin && s.status === 'open' && (
            <Popconfirm title={t('cost.closeConfirm', { month: formatMonth(month, locale) })} onConfirm={close}>
              <Button danger data-testid="statement-close">
                {t('cost.close')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Table
        size="small"
        rowKey={(l) => `${l.product}/${l.business}/${l.tenant}/${l.currency}`}
        dataSource={lines}
        pagination={lines.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Nothing text={t('cost.noData')} /> }}
        columns={[
          { title: t('app.org'), dataIndex: 'org', render: (v: string) => <Link to={`/orgs/${v}`}>{v}</Link> },
          { title: t('app.product'), render: (_, l) => <Link to={`/products/${l.product}`}>{l.productTitle || l.product}</Link> },
          { title: t('kind.business'), render: (_, l) => <Link to={`/businesses/${l.business}`}>{l.businessTitle || l.business}</Link> },
          { title: t('cost.amount'), align: 'right', render: (_, l) => <Money amount={l.amount} currency={l.currency} /> },
        ]}
        summary={() => (
          <>
            {other.map((u) => (
              <Table.Summary.Row key={`u-${u.kind}-${u.tenant}-${u.product}-${u.currency}`}>
                <Table.Summary.Cell index={0} colSpan={3}>
                  {u.kind === 'unallocated' ? t('cost.unallocated') : t('cost.deleted')} · {u.tenant || u.productTitle || u.product}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Money amount={u.amount} currency={u.currency} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ))}
            {s.totals.map((tot) => (
              <Table.Summary.Row key={`t-${tot.currency}`}>
                <Table.Summary.Cell index={0} colSpan={3}>
                  <b>{t('common.total')}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <b>
                    <Money amount={tot.amount} currency={tot.currency} />
                  </b>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ))}
          </>
        )}
      />
    </Card>
  );
}

export default function Costs() {
  const { t, locale } = useI18n();
  const [search, setSearch] = useSearchParams();
  const month = search.get('month') ?? defaultMonth();
  const hierarchy = search.get('hierarchy') === 'finance' ? 'finance' : 'business';
  const path = (search.get('path') ?? '').split('/').filter(Boolean);
  const view = search.get('view') === 'sunburst' ? 'sunburst' : 'treemap';
  const withParams = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    return next;
  };
  const set = (patch: Record<string, string | undefined>) => setSearch(withParams(patch));
  /** A drill-down level is a URL too, so it can be shared. */
  const levelLink = (keys: string[]) => ({ search: `?${withParams({ path: keys.join('/') || undefined }).toString()}` });
  const tree = useApi(() => billing.tree({ month, hierarchy }), [month, hierarchy]);

  let level: CostTreeNode[] = tree.data?.children ?? [];
  const crumbs: CostTreeNode[] = [];
  for (const key of path) {
    const next = level.find((n) => n.key === key);
    if (!next) break;
    crumbs.push(next);
    level = next.children ?? [];
  }
  const levelTotal = crumbs.length ? (crumbs[crumbs.length - 1]?.amount ?? '0') : (tree.data?.amount ?? '0');
  const currency = tree.data?.currency ?? 'CNY';
  const drill = (n: { id: string | null; children?: unknown[] }) => {
    if (n.id && n.children?.length) set({ path: [...crumbs.map((c) => c.key), n.id].join('/') });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="costs-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('cost.title')}
      </Typography.Title>
      <Space wrap>
        <Typography.Text>{t('cost.month')}</Typography.Text>
        <MonthPicker value={month} onChange={(m) => set({ month: m })} />
        <Typography.Text>{t('cost.hierarchy')}</Typography.Text>
        <Segmented
          value={hierarchy}
          onChange={(v) => set({ hierarchy: v, path: undefined })}
          options={[
            { value: 'business', label: t('cost.business') },
            { value: 'finance', label: t('cost.finance') },
          ]}
          data-testid="cost-hierarchy"
        />
        <Segmented
          value={view}
          onChange={(v) => set({ view: v === 'treemap' ? undefined : v })}
          options={[
            { value: 'treemap', label: t('cost.treemap') },
            { value: 'sunburst', label: t('cost.sunburst') },
          ]}
        />
      </Space>
      {tree.error ? (
        <ErrorState error={tree.error} onRetry={tree.reload} />
      ) : !tree.data ? (
        <Loading />
      ) : (
        <>
          <Row gutter={16}>
            <Col span={8}>
              <Card size="small">
                <Statistic
                  title={t('cost.total', { month: formatMonth(month, locale) })}
                  value={tree.data.amount}
                  formatter={() => <Money amount={tree.data?.amount ?? '0'} currency={currency} />}
                />
              </Card>
            </Col>
            <Col span={8}>
              <Card size="small">
                <Statistic
                  title={t('cost.unallocated')}
                  value={0}
                  formatter={() => <Money amount={sumMoney(tree.data?.unallocated.map((u) => u.amount) ?? [])} currency={currency} />}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {tree.data.unallocated.map((u) => u.tenant).join(', ') || t('cost.unallocatedHelp')}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('node.costs')}>
            <Breadcrumb
              style={{ marginBottom: 8 }}
              items={[
                { title: <Link to={levelLink([])}>{hierarchy === 'business' ? t('cost.business') : t('cost.finance')}</Link> },
                ...crumbs.map((c, i) => ({
                  title: <Link to={levelLink(crumbs.slice(0, i + 1).map((x) => x.key))}>{c.title || c.key}</Link>,
                })),
              ]}
              data-testid="cost-breadcrumb"
            />
            {level.length === 0 ? (
              <Nothing text={t('cost.noData')} />
            ) : (
              <>
                {view === 'treemap' ? (
                  <Treemap nodes={level.map(toChart)} currency={currency} onPick={drill} />
                ) : (
                  <Sunburst nodes={level.map(toChart)} currency={currency} />
                )}
                <Table<CostTreeNode>
                  size="small"
                  rowKey="key"
                  dataSource={level}
                  pagination={level.length > 30 ? { pageSize: 30 } : false}
                  // Drill-down replaces the level; nested rows would show the same data twice.
                  expandable={{ childrenColumnName: '__none' }}
                  data-testid="cost-table"
                  columns={[
                    { title: '', dataIndex: 'kind', width: 80, render: (k: 'app') => <Tag>{t(`kind.${k}`)}</Tag> },
                    {
                      title: t('common.name'),
                      render: (_, n) =>
                        n.children?.length ? (
                          <Link to={levelLink([...crumbs.map((c) => c.key), n.key])} data-testid={`drill-${n.key}`}>
                            {n.title || n.key}
                          </Link>
                        ) : (
                          <Link to={nodePath(n.kind, n.key)}>{n.title || n.key}</Link>
                        ),
                    },
                    { title: 'id', dataIndex: 'key', render: (v: string, n) => <Link to={nodePath(n.kind, v)}>{v}</Link> },
                    {
                      title: t('cost.amount'),
                      dataIndex: 'amount',
                      align: 'right',
                      render: (a: string) => <Money amount={a} currency={currency} />,
                    },
                    { title: t('cost.share'), align: 'right', width: 90, render: (_, n) => share(n.amount, levelTotal) },
                  ]}
                />
              </>
            )}
          </Card>
          {tree.data.currencies.length > 1 && <Alert type="info" showIcon title={tree.data.currencies.join(', ')} />}
        </>
      )}
      <Statement month={month} />
    </Space>
  );
}
