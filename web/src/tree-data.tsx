import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { api, type BusinessLineTree, ok, type Schemas } from './api/client';
import { type ApiState, useApi } from './lib/use-api';

interface TreeData {
  tree: ApiState<BusinessLineTree>;
  finance: ApiState<{ orgs: Schemas['Org'][]; products: Schemas['Product'][] }>;
}

const Ctx = createContext<TreeData | null>(null);

async function all<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const r = await page(cursor);
    out.push(...r.items);
    cursor = r.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The business-line tree and the finance hierarchy, loaded once and shared by the navigator and pages. */
export function TreeDataProvider({ children }: { children: ReactNode }) {
  const tree = useApi(() => ok(api.GET('/api/v1/tree')), []);
  const finance = useApi(async () => {
    const [orgs, products] = await Promise.all([
      all((cursor) => ok(api.GET('/api/v1/orgs', { params: { query: { limit: 500, cursor } } }))),
      all((cursor) => ok(api.GET('/api/v1/products', { params: { query: { limit: 500, cursor } } }))),
    ]);
    return { orgs, products };
  }, []);
  const value = useMemo(() => ({ tree, finance }), [tree, finance]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useTreeData(): TreeData {
  const c = useContext(Ctx);
  if (!c) throw new Error('useTreeData outside TreeDataProvider');
  return c;
}
