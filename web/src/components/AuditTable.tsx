import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type AuditEntry, api, ok } from '../api/client';
import { useI18n } from '../i18n';
import { diffFields, show } from '../lib/diff';
import { formatDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';
import { ErrorState } from './States';

export interface AuditQuery {
  entity?: string;
  actor?: string;
  since?: string;
}

function Changes({ row }: { row: AuditEntry }) {
  const changes = diffFields(row.before, row.after);
  if (changes.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} style={{ maxWidth: 560 }}>
      {changes.slice(0, 8).map((c) => (
        <span key={c.field} style={{ fontSize: 12 }}>
          <b>{c.field}</b>: <del style={{ color: '#cf1322' }}>{show(c.before).slice(0, 120)}</del> →{' '}
          <span style={{ color: '#389e0d' }}>{show(c.after).slice(0, 120)}</span>
        </span>
      ))}
    </Space>
  );
}

/** Audit rows matching `query`, newest first, with a "load more" through the keyset cursor. */
export function AuditTable({ query }: { query: AuditQuery }) {
  const { t, locale } = useI18n();
  const [extra, setExtra] = useState<{ items: AuditEntry[]; cursor: string | null }>({ items: [], cursor: null });
  const first = useApi(async () => {
    const r = await ok(api.GET('/api/v1/audit', { params: { query: { ...query, limit: 50 } } }));
    setExtra({ items: [], cursor: r.nextCursor });
    return r;
  }, [query.entity, query.actor, query.since]);
  const [more, setMore] = useState(false);

  if (first.error) return <ErrorState error={first.error} onRetry={first.reload} compact />;
  const rows = [...(first.data?.items ?? []), ...extra.items];
  const loadMore = async () => {
    if (!extra.cursor) return;
    setMore(true);
    try {
      const r = await ok(api.GET('/api/v1/audit', { params: { query: { ...query, limit: 50, cursor: extra.cursor } } }));
      setExtra((x) => ({ items: [...x.items, ...r.items], cursor: r.nextCursor }));
    } finally {
      setMore(false);
    }
  };
  return (
    <>
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={first.loading}
        dataSource={rows}
        pagination={false}
        data-testid="audit-table"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
          { title: t('audit.who'), dataIndex: 'actor', width: 140 },
          { title: t('audit.action'), dataIndex: 'action', width: 150, render: (v: string) => <Tag>{v}</Tag> },
          {
            title: t('audit.what'),
            width: 240,
            render: (_, r) =>
              r.entityType === 'app' ? (
                <Link to={`/apps/${encodeURIComponent(r.entityKey)}`}>{r.entityKey}</Link>
              ) : (
                `${r.entityType}:${r.entityKey}`
              ),
          },
          { title: t('audit.changes'), render: (_, r) => <Changes row={r} /> },
          {
            title: t('audit.batch'),
            dataIndex: 'batchId',
            width: 120,
            render: (v: string | null) => (v ? <Link to={`/batches/${v}`}>{v.slice(-8)}</Link> : null),
          },
        ]}
      />
      {extra.cursor && (
        <Button onClick={loadMore} loading={more} style={{ marginTop: 8 }}>
          {t('common.more')}
        </Button>
      )}
    </>
  );
}
