import { Breadcrumb, Card, Col, Descriptions, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import { CostPanel, defaultMonth } from '../components/CostPanel';
import { Inventory } from '../components/Inventory';
import { ErrorState, Loading } from '../components/States';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { type NodeKind, nodePath } from '../lib/tree';
import { useApi } from '../lib/use-api';
import { useTreeData } from '../tree-data';
import { PeopleView } from './AppPage';

interface Child {
  kind: NodeKind;
  id: string;
  title: string;
  count?: number;
  extra?: string;
}

/** What GET /costs calls this node, and how its costs break down. */
function costScope(kind: NodeKind, id: string): { scope: string; levels: string[] } {
  switch (kind) {
    case 'domain':
      return { scope: id, levels: ['business', 'app'] };
    case 'business':
      return { scope: id, levels: ['app', 'type'] };
    case 'product':
      return { scope: `product:${id}`, levels: ['business', 'app'] };
    default:
      return { scope: `org:${id}`, levels: ['product', 'business'] };
  }
}

export default function NodePage({ kind }: { kind: Exclude<NodeKind, 'app'> }) {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { tree, finance } = useTreeData();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') ?? 'children';
  const month = search.get('month') ?? defaultMonth();

  const node = useApi(async () => {
    switch (kind) {
      case 'domain':
        return ok(api.GET('/api/v1/domains/{domain}', { params: { path: { domain: id } } }));
      case 'business':
        return ok(api.GET('/api/v1/businesses/{key}', { params: { path: { key: id } } }));
      case 'product':
        return ok(api.GET('/api/v1/products/{name}', { params: { path: { name: id } } }));
      case 'org':
        return ok(api.GET('/api/v1/orgs/{name}', { params: { path: { name: id } } }));
    }
  }, [kind, id]);

  if (node.error) return <ErrorState error={node.error} onRetry={node.reload} />;
  if (!node.data) return <Loading />;
  const n = node.data as {
    title: string;
    description?: string;
    people?: Record<string, string[]>;
    product?: string;
    org?: string;
    parent?: string | null;
  };

  const children: Child[] = [];
  const domains = tree.data?.domains ?? [];
  if (kind === 'domain') {
    for (const b of domains.find((d) => d.name === id)?.businesses ?? [])
      children.push({ kind: 'business', id: `${id}.${b.name}`, title: b.title, count: b.appCount, extra: b.product });
  } else if (kind === 'business') {
    const [d, b] = id.split('.');
    for (const a of domains.find((x) => x.name === d)?.businesses.find((x) => x.name === b)?.apps ?? [])
      children.push({ kind: 'app', id: `${id}.${a.name}`, title: a.title, extra: a.level });
  } else if (kind === 'product') {
    for (const d of domains)
      for (const b of d.businesses)
        if (b.product === id) children.push({ kind: 'business', id: `${d.name}.${b.name}`, title: b.title, count: b.appCount });
  } else {
    for (const o of finance.data?.orgs ?? []) if (o.parent === id) children.push({ kind: 'org', id: o.name, title: o.title });
    for (const p of finance.data?.products ?? []) if (p.org === id) children.push({ kind: 'product', id: p.name, title: p.title });
  }
  const { scope, levels } = costScope(kind, id);
  const inventoryScope = kind === 'domain' || kind === 'business' ? id : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="node-page">
      <Breadcrumb
        items={
          kind === 'business'
            ? [{ title: <Link to={`/domains/${id.split('.')[0]}`}>{id.split('.')[0]}</Link> }, { title: n.title }]
            : kind === 'product' && n.org
              ? [{ title: <Link to={`/orgs/${n.org}`}>{n.org}</Link> }, { title: n.title }]
              : kind === 'org' && n.parent
                ? [{ title: <Link to={`/orgs/${n.parent}`}>{n.parent}</Link> }, { title: n.title }]
                : [{ title: n.title }]
        }
      />
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <Tag>{t(`kind.${kind}`)}</Tag>
          {n.title}
        </Typography.Title>
        <Typography.Text type="secondary" code>
          {id}
        </Typography.Text>
        {n.product && (
          <>
            {' '}
            {t('app.product')}: <Link to={`/products/${n.product}`}>{n.product}</Link>
          </>
        )}
        {n.description && <Typography.Paragraph style={{ marginTop: 8 }}>{n.description}</Typography.Paragraph>}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearch({ tab: k, ...(search.get('month') ? { month } : {}) })}
        items={[
          {
            key: 'children',
            label: t('node.children'),
            children: (
              <Row gutter={16}>
                <Col span={n.people ? 16 : 24}>
                  <Table<Child>
                    size="small"
                    rowKey="id"
                    dataSource={children}
                    pagination={children.length > 50 ? { pageSize: 50 } : false}
                    data-testid="node-children"
                    columns={[
                      { title: t('common.name'), render: (_, c) => <Link to={nodePath(c.kind, c.id)}>{c.title || c.id}</Link> },
                      { title: 'id', render: (_, c) => <Typography.Text code>{c.id}</Typography.Text> },
                      { title: '', render: (_, c) => <Tag>{t(`kind.${c.kind}`)}</Tag>, width: 90 },
                      {
                        title: t('node.apps'),
                        align: 'right',
                        render: (_, c) => (c.count !== undefined ? formatNumber(c.count, locale) : (c.extra ?? '')),
                      },
                    ]}
                  />
                </Col>
                {n.people && (
                  <Col span={8}>
                    <Card size="small" title={t('node.people')}>
                      <PeopleView people={n.people} />
                    </Card>
                  </Col>
                )}
              </Row>
            ),
          },
          {
            key: 'inventory',
            label: t('node.inventory'),
            children: tab === 'inventory' && (inventoryScope ? <Inventory scope={inventoryScope} /> : <Descriptions />),
          },
          {
            key: 'costs',
            label: t('node.costs'),
            children: tab === 'costs' && (
              <CostPanel scope={scope} levels={levels} month={month} onMonth={(m) => setSearch({ tab: 'costs', month: m })} />
            ),
          },
        ].filter((x) => x.key !== 'inventory' || inventoryScope)}
      />
    </Space>
  );
}
