import { Button, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ok, type Resource } from '../api/client';
import { useMe } from '../auth';
import { ErrorState, Nothing } from '../components/States';
import { useI18n } from '../i18n';
import { formatDateTime, formatNumber } from '../lib/format';
import { canRunBatches } from '../lib/permissions';
import { useApi } from '../lib/use-api';

const FILTERS = ['scope', 'type', 'env', 'tenant', 'label', 'attached', 'deleted'] as const;

/** Resources across the tree; the filters live in the URL so a search can be shared. */
export default function Resources() {
  const { t, locale } = useI18n();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const q = Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const [more, setMore] = useState<{ items: Resource[]; cursor: string | null }>({ items: [], cursor: null });
  const types = useApi(() => ok(api.GET('/api/v1/resource-types')), []);
  const envs = useApi(() => ok(api.GET('/api/v1/environments')), []);
  const list = useApi(async () => {
    const r = await ok(
      api.GET('/api/v1/resources', {
        params: {
          query: {
            ...q,
            attached: q.attached as 'true' | 'false' | undefined,
            deleted: q.deleted as 'true' | 'false' | undefined,
            limit: 100,
          },
        },
      }),
    );
    setMore({ items: [], cursor: r.nextCursor });
    return r;
  }, [search.toString()]);

  const apply = (v: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const val = v[k];
      if (typeof val === 'string' && val.trim()) next.set(k, val.trim());
      if (val === true) next.set(k, 'true');
    }
    setSearch(next);
  };
  const loadMore = async () => {
    if (!more.cursor) return;
    const r = await ok(
      api.GET('/api/v1/resources', {
        params: {
          query: {
            ...q,
            attached: q.attached as 'true' | 'false' | undefined,
            deleted: q.deleted as 'true' | 'false' | undefined,
            limit: 100,
            cursor: more.cursor,
          },
        },
      }),
    );
    setMore((m) => ({ items: [...m.items, ...r.items], cursor: r.nextCursor }));
  };
  const rows = [...(list.data?.items ?? []), ...more.items];
  const batchLink = `/batches?${new URLSearchParams(Object.entries({ scope: q.scope, type: q.type, env: q.env }).filter((e): e is [string, string] => !!e[1])).toString()}`;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="resources-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.resources')}
      </Typography.Title>
      <Form layout="inline" onFinish={apply} initialValues={{ ...q, deleted: q.deleted === 'true' }} key={search.toString()}>
        <Form.Item name="scope" label={t('res.scope')}>
          <Input allowClear style={{ width: 220 }} placeholder="trade.order" data-testid="filter-scope" />
        </Form.Item>
        <Form.Item name="type" label={t('res.type')}>
          <Select allowClear style={{ width: 130 }} options={(types.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))} />
        </Form.Item>
        <Form.Item name="env" label={t('app.env')}>
          <Select allowClear style={{ width: 100 }} options={(envs.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))} />
        </Form.Item>
        <Form.Item name="tenant" label={t('res.tenant')}>
          <Input allowClear style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="label" label={t('res.label')}>
          <Input allowClear style={{ width: 140 }} placeholder="tier=gold" />
        </Form.Item>
        <Form.Item name="attached" label={t('res.attachedOnly')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={[
              { value: 'true', label: t('res.attachedYes') },
              { value: 'false', label: t('res.attachedNo') },
            ]}
          />
        </Form.Item>
        <Form.Item name="deleted" label={t('res.deleted')} valuePropName="checked">
          <Switch size="small" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="filter-submit">
          {t('common.search')}
        </Button>
        <Button onClick={() => setSearch(new URLSearchParams())} style={{ marginInlineStart: 8 }}>
          {t('common.reset')}
        </Button>
      </Form>
      {canRunBatches(me) && q.scope && <Link to={batchLink}>{t('res.batch')}</Link>}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} compact />
      ) : (
        <Table<Resource>
          size="small"
          rowKey="key"
          loading={list.loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          data-testid="resources-table"
          columns={[
            { title: t('res.key'), dataIndex: 'key', render: (v: string) => <code>{v}</code> },
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('res.tenant'), dataIndex: 'tenant', width: 90 },
            {
              title: t('res.capacity'),
              render: (_, r) =>
                Object.entries(r.capacity)
                  .map(([k, v]) => `${k} ${formatNumber(v, locale)}`)
                  .join(' · '),
            },
            {
              title: t('res.labels'),
              render: (_, r) =>
                Object.entries(r.labels).map(([k, v]) => (
                  <Tag key={k}>
                    {k}={v}
                  </Tag>
                )),
            },
            {
              title: t('res.attachments'),
              render: (_, r) =>
                r.attachments.map((a) => (
                  <div key={`${a.appid}@${a.env}`}>
                    <Link to={`/apps/${encodeURIComponent(a.appid)}/resources`}>{a.appid}</Link> <Tag color="blue">{a.env}</Tag>
                    {a.weight !== 1 && <Typography.Text type="secondary">×{a.weight}</Typography.Text>}
                  </div>
                )),
            },
            {
              title: t('res.status'),
              dataIndex: 'status',
              width: 80,
              render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{v}</Tag>,
            },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      )}
      {more.cursor && <Button onClick={loadMore}>{t('common.more')}</Button>}
    </Space>
  );
}
