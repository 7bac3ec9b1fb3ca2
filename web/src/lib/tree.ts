/**
 * The navigator's model: the business-line tree (domain → business → app) and the finance tree
 * (org → product → business), and a search that keeps the matches with their ancestors. Pure, so
 * it is tested without a browser; search over 100k apps is one pass over precomputed lowercase text.
 */

export type NodeKind = 'domain' | 'business' | 'app' | 'org' | 'product';

export interface NavNode {
  key: string;
  kind: NodeKind;
  /** domain name, `domain.business`, appid, org or product name */
  id: string;
  title: string;
  /** app count below (domain, business) */
  count?: number;
  level?: string;
  children?: NavNode[];
  /** lowercase `id title`, for search */
  text: string;
}

export interface TreeInput {
  domains: Array<{
    name: string;
    title: string;
    appCount: number;
    businesses: Array<{
      name: string;
      title: string;
      product: string;
      appCount: number;
      apps?: Array<{ name: string; title: string; level: string }>;
    }>;
  }>;
}

const node = (kind: NodeKind, id: string, title: string, extra: Partial<NavNode> = {}): NavNode => ({
  key: `${kind}:${id}`,
  kind,
  id,
  title,
  text: `${id} ${title}`.toLowerCase(),
  ...extra,
});

export function businessLineNodes(tree: TreeInput): NavNode[] {
  return tree.domains.map((d) =>
    node('domain', d.name, d.title, {
      count: d.appCount,
      children: d.businesses.map((b) => {
        const key = `${d.name}.${b.name}`;
        return node('business', key, b.title, {
          count: b.appCount,
          children: (b.apps ?? []).map((a) => node('app', `${key}.${a.name}`, a.title, { level: a.level })),
        });
      }),
    }),
  );
}

export interface OrgInput {
  name: string;
  title: string;
  parent: string | null;
}
export interface ProductInput {
  name: string;
  title: string;
  org: string;
}

/** org (nested) → product → business; businesses come from the business-line tree. */
export function financeNodes(orgs: readonly OrgInput[], products: readonly ProductInput[], tree: TreeInput): NavNode[] {
  const businessesByProduct = new Map<string, NavNode[]>();
  for (const d of tree.domains) {
    for (const b of d.businesses) {
      const list = businessesByProduct.get(b.product) ?? [];
      list.push(node('business', `${d.name}.${b.name}`, b.title, { count: b.appCount }));
      businessesByProduct.set(b.product, list);
    }
  }
  const productsByOrg = new Map<string, NavNode[]>();
  for (const p of products) {
    const list = productsByOrg.get(p.org) ?? [];
    const children = businessesByProduct.get(p.name) ?? [];
    list.push(node('product', p.name, p.title, { children, count: children.reduce((n, b) => n + (b.count ?? 0), 0) }));
    productsByOrg.set(p.org, list);
  }
  const known = new Set(orgs.map((o) => o.name));
  const build = (o: OrgInput): NavNode => {
    const children = [...orgs.filter((c) => c.parent === o.name).map(build), ...(productsByOrg.get(o.name) ?? [])];
    return node('org', o.name, o.title, { children, count: children.reduce((n, c) => n + (c.count ?? 0), 0) });
  };
  return orgs.filter((o) => o.parent === null || !known.has(o.parent)).map(build);
}

export interface Filtered {
  nodes: NavNode[];
  /** keys to expand so every match is visible */
  expanded: string[];
  matches: number;
}

/**
 * Keeps the nodes whose id or title contains every word of `query` (case-insensitive), with their
 * ancestors; a matching node keeps its whole subtree (collapsed). An empty query returns the tree.
 */
export function filterNodes(nodes: readonly NavNode[], query: string): Filtered {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { nodes: nodes as NavNode[], expanded: [], matches: 0 };
  const expanded: string[] = [];
  let matches = 0;
  const visit = (n: NavNode): NavNode | null => {
    if (words.every((w) => n.text.includes(w))) {
      matches++;
      return n;
    }
    if (!n.children) return null;
    const kept: NavNode[] = [];
    for (const c of n.children) {
      const k = visit(c);
      if (k) kept.push(k);
    }
    if (kept.length === 0) return null;
    expanded.push(n.key);
    return { ...n, children: kept };
  };
  const out: NavNode[] = [];
  for (const n of nodes) {
    const k = visit(n);
    if (k) out.push(k);
  }
  return { nodes: out, expanded, matches };
}

/** The console URL of a node. */
export function nodePath(kind: NodeKind, id: string): string {
  const seg = encodeURIComponent(id);
  switch (kind) {
    case 'app':
      return `/apps/${seg}`;
    case 'business':
      return `/businesses/${seg}`;
    case 'domain':
      return `/domains/${seg}`;
    case 'product':
      return `/products/${seg}`;
    case 'org':
      return `/orgs/${seg}`;
  }
}
