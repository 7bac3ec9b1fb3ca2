import { Table, Typography } from 'antd';
import { api, ok } from '../api/client';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { useApi } from '../lib/use-api';
import { ErrorState, Nothing } from './States';

function capacityText(c: Record<string, number>, locale: string): string {
  return Object.entries(c)
    .map(([k, v]) => `${k} ${formatNumber(v, locale)}`)
    .join(' · ');
}

/** Counts and capacity of the resources attached under a node (or the whole platform), by type and environment. */
export function Inventory({ scope }: { scope?: string }) {
  const { t, locale } = useI18n();
  const inv = useApi(() => ok(api.GET('/api/v1/inventory', { params: { query: { scope, groupBy: 'type,env' } } })), [scope]);
  if (inv.error) return <ErrorState error={inv.error} onRetry={inv.reload} compact />;
  const groups = inv.data?.groups ?? [];
  return (
    <>
      <Table
        size="small"
        loading={inv.loading}
        rowKey={(g) => JSON.stringify(g.group)}
        dataSource={groups}
        pagination={false}
        locale={{ emptyText: <Nothing /> }}
        data-testid="inventory"
        columns={[
          { title: t('res.type'), render: (_, g) => g.group.type },
          { title: t('app.env'), render: (_, g) => g.group.env },
          { title: t('res.count'), dataIndex: 'resources', align: 'right', render: (n: number) => formatNumber(n, locale) },
          { title: t('res.capacity'), render: (_, g) => capacityText(g.capacity, locale) },
        ]}
      />
      {inv.data && inv.data.unattached.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('home.unattached')}: {inv.data.unattached.map((u) => `${u.type} ${formatNumber(u.resources, locale)}`).join(' · ')}
        </Typography.Paragraph>
      )}
    </>
  );
}
