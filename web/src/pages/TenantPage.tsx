import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { billing } from '../api/billing';
import { api, ok } from '../api/client';
import { useMe } from '../auth';
import { defaultMonth, MonthPicker } from '../components/CostPanel';
import { Money } from '../components/Money';
import { ErrorState, Loading, Nothing } from '../components/States';
import { TokenBox } from '../components/TokenBox';
import { useI18n } from '../i18n';
import { formatDateTime, formatMonth } from '../lib/format';
import { useApi } from '../lib/use-api';

/** A tenant's own view (or an admin's view of one tenant): its resources, rejected bill lines and unallocated cost. */
export default function TenantPage({ own }: { own?: boolean }) {
  const params = useParams();
  const me = useMe();
  const name = own ? me.name : (params.name ?? '');
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(defaultMonth);
  const [issued, setIssued] = useState<string>();
  const tenant = useApi(() => ok(api.GET('/api/v1/tenants/{name}', { params: { path: { name } } })), [name]);
  const resources = useApi(() => ok(api.GET('/api/v1/resources', { params: { query: { tenant: name, limit: 200 } } })), [name]);
  const rejections = useApi(() => billing.rejections({ limit: 100, ...(me.isAdmin ? { tenant: name } : {}) }), [name]);
  const costs = useApi(() => billing.tree({ month, hierarchy: 'business' }), [month]);

  if (tenant.error) return <ErrorState error={tenant.error} onRetry={tenant.reload} />;
  if (!tenant.data) return <Loading />;
  const unallocated = costs.data?.unallocated.filter((u) => u.tenant === name) ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="tenant-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        <Tag color="gold">{t('res.tenant')}</Tag>
        {tenant.data.title || name}
      </Typography.Title>
      <Space>
        {t('tenant.types')}:
        {tenant.data.types.map((x) => (
          <Link key={x} to={`/resources?type=${x}`}>
            <Tag>{x}</Tag>
          </Link>
        ))}
        {me.isAdmin && (
          <Button
            size="small"
            onClick={async () =>
              setIssued(
                (await ok(api.POST('/api/v1/tenants/{name}/tokens', { params: { path: { name } }, body: { name: 'console' } }))).token,
              )
            }
          >
            {t('tenant.issueToken')}
          </Button>
        )}
      </Space>
      {issued && <TokenBox title={t('tenant.tokenIssued')} token={issued} />}
      <Card size="small" title={t('tenant.unallocated')} extra={<MonthPicker value={month} onChange={setMonth} />}>
        {costs.error ? (
          <ErrorState error={costs.error} onRetry={costs.reload} compact />
        ) : !costs.data ? (
          <Loading />
        ) : unallocated.length === 0 ? (
          <Nothing text={t('cost.noData')} />
        ) : (
          unallocated.map((u) => (
            <div key={u.tenant}>
              {formatMonth(month, locale)}: <Money amount={u.amount} currency={costs.data?.currency ?? 'CNY'} />
            </div>
          ))
        )}
      </Card>
      <Card size="small" title={t('tenant.rejections')}>
        {rejections.error ? (
          <ErrorState error={rejections.error} onRetry={rejections.reload} compact />
        ) : (
          <Table
            size="small"
            rowKey="id"
            loading={rejections.loading}
            dataSource={rejections.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Nothing /> }}
            columns={[
              { title: t('audit.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale), width: 170 },
              { title: t('tenant.billId'), dataIndex: 'billId' },
              { title: t('tenant.code'), dataIndex: 'code', render: (v: string) => <Tag color="red">{v}</Tag> },
              { title: t('tenant.message'), dataIndex: 'message' },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('tenant.resources')}>
        {resources.error ? (
          <ErrorState error={resources.error} onRetry={resources.reload} compact />
        ) : (
          <Table
            size="small"
            rowKey="key"
            loading={resources.loading}
            dataSource={resources.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Nothing /> }}
            columns={[
              { title: t('res.key'), dataIndex: 'key', render: (v: string) => <code>{v}</code> },
              { title: t('common.name'), dataIndex: 'name' },
              {
                title: t('res.attachments'),
                render: (_, r) =>
                  r.attachments.map((a) => (
                    <div key={`${a.appid}@${a.env}`}>
                      <Link to={`/apps/${encodeURIComponent(a.appid)}`}>{a.appid}</Link> <Tag color="blue">{a.env}</Tag>
                    </div>
                  )),
              },
              { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
