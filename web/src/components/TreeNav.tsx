import { Input, Segmented, Tag, Tree, Typography } from 'antd';
import { type Key, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { businessLineNodes, filterNodes, financeNodes, type NavNode, type NodeKind, nodePath } from '../lib/tree';
import { useTreeData } from '../tree-data';
import { ErrorState, Loading } from './States';

const KIND_COLOR: Record<NodeKind, string> = { domain: 'geekblue', business: 'cyan', app: 'green', org: 'purple', product: 'gold' };

function useHeight(ref: React.RefObject<HTMLDivElement | null>): number {
  const [h, setH] = useState(400);
  useLayoutEffect(() => {
    if (!ref.current) return;
    const ro = new ResizeObserver(([e]) => e && setH(Math.max(200, Math.floor(e.contentRect.height))));
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, [ref]);
  return h;
}

/** The selected node key for the current URL (the app page selects its app, etc.). */
function selectedFor(pathname: string): string | undefined {
  const m = /^\/(apps|businesses|domains|products|orgs)\/([^/]+)/.exec(pathname);
  if (!m?.[1] || !m[2]) return undefined;
  const kind = ({ apps: 'app', businesses: 'business', domains: 'domain', products: 'product', orgs: 'org' } as const)[
    m[1] as 'apps' | 'businesses' | 'domains' | 'products' | 'orgs'
  ];
  return `${kind}:${decodeURIComponent(m[2])}`;
}

/** Expands the ancestors of an app/business key in the business-line tree. */
function ancestorsOf(key: string | undefined): string[] {
  if (!key) return [];
  const [kind, id = ''] = key.split(/:(.*)/s);
  const parts = id.split('.');
  if (kind === 'app') return [`domain:${parts[0]}`, `business:${parts[0]}.${parts[1]}`];
  if (kind === 'business') return [`domain:${parts[0]}`];
  return [];
}

export function TreeNav() {
  const { t, locale } = useI18n();
  const { tree, finance } = useTreeData();
  const navigate = useNavigate();
  const location = useLocation();
  const [view, setView] = useState<'business' | 'finance'>(() =>
    localStorage.getItem('appmeta.treeView') === 'finance' ? 'finance' : 'business',
  );
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const box = useRef<HTMLDivElement>(null);
  const height = useHeight(box);
  const selected = selectedFor(location.pathname);
  const [expanded, setExpanded] = useState<Key[]>(() => ancestorsOf(selected));

  const nodes = useMemo<NavNode[]>(() => {
    if (!tree.data) return [];
    if (view === 'finance') return finance.data ? financeNodes(finance.data.orgs, finance.data.products, tree.data) : [];
    return businessLineNodes(tree.data);
  }, [tree.data, finance.data, view]);

  const filtered = useMemo(() => filterNodes(nodes, deferred), [nodes, deferred]);

  useEffect(() => {
    if (deferred.trim()) setExpanded(filtered.expanded);
  }, [filtered, deferred]);

  useEffect(() => {
    if (view === 'business' && selected) setExpanded((e) => [...new Set([...e, ...ancestorsOf(selected)])]);
  }, [selected, view]);

  if (tree.error) return <ErrorState error={tree.error} onRetry={tree.reload} compact />;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 8, padding: 12 }} data-testid="tree-nav">
      <Segmented
        block
        value={view}
        onChange={(v) => {
          localStorage.setItem('appmeta.treeView', v);
          setView(v as 'business' | 'finance');
        }}
        options={[
          { label: t('tree.business'), value: 'business' },
          { label: t('tree.finance'), value: 'finance' },
        ]}
      />
      <Input.Search
        allowClear
        placeholder={t('tree.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="tree-search"
      />
      {tree.data && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {deferred.trim()
            ? filtered.matches > 0
              ? t('tree.matches', { n: formatNumber(filtered.matches, locale) })
              : t('tree.noMatch', { q: deferred })
            : t('tree.counts', {
                domains: formatNumber(tree.data.counts.domains, locale),
                businesses: formatNumber(tree.data.counts.businesses, locale),
                apps: formatNumber(tree.data.counts.apps, locale),
              })}
        </Typography.Text>
      )}
      <div ref={box} style={{ flex: 1, minHeight: 0 }}>
        {tree.loading && !tree.data ? (
          <Loading />
        ) : (
          <Tree<NavNode>
            virtual
            height={height}
            blockNode
            treeData={filtered.nodes}
            fieldNames={{ key: 'key', title: 'title', children: 'children' }}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys)}
            selectedKeys={selected ? [selected] : []}
            onSelect={(_keys, info) => navigate(nodePath(info.node.kind, info.node.id))}
            titleRender={(n) => (
              <span data-key={n.key} style={{ whiteSpace: 'nowrap' }}>
                <Tag color={KIND_COLOR[n.kind]} style={{ marginInlineEnd: 6, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
                  {t(`kind.${n.kind}`)}
                </Tag>
                {n.title || n.id}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {n.kind === 'app' ? n.id.split('.').pop() : n.id}
                  {n.count !== undefined && n.kind !== 'app' ? ` · ${formatNumber(n.count, locale)}` : ''}
                </Typography.Text>
              </span>
            )}
          />
        )}
      </div>
    </div>
  );
}
