import { api, ok, type Schemas } from './client';

/** The billing API (GET /costs, /costs/tree, /statements/{month}, /bills/rejections), through the typed client. */
export type CostsReport = Schemas['Costs'];
export type Statement = Schemas['Statement'];
export type StatementLine = Statement['lines'][number];

/**
 * A node of the cost tree. The generated type of `children` is unusable (the recursive zod schema is
 * published as `__shared.$defs.schema0`), so the node is spelled out here, matching that schema.
 */
export interface CostTreeNode {
  kind: 'domain' | 'business' | 'app' | 'org' | 'product';
  key: string;
  title: string;
  amount: string;
  children?: CostTreeNode[];
}
export type CostTree = Omit<Schemas['CostTree'], 'children'> & { children: CostTreeNode[] };

export const billing = {
  costs: (query: { from: string; to: string; groupBy: string; scope?: string; currency?: string }) =>
    ok(api.GET('/api/v1/costs', { params: { query } })),
  tree: async (query: { month: string; hierarchy: 'business' | 'finance'; currency?: string }): Promise<CostTree> =>
    (await ok(api.GET('/api/v1/costs/tree', { params: { query } }))) as unknown as CostTree,
  statement: (month: string, product?: string) =>
    ok(api.GET('/api/v1/statements/{month}', { params: { path: { month }, query: product ? { product } : {} } })),
  close: (month: string) => ok(api.POST('/api/v1/statements/{month}/close', { params: { path: { month } } })),
  rejections: (query: { cursor?: string; limit?: number; tenant?: string }) =>
    ok(api.GET('/api/v1/bills/rejections', { params: { query } })),
};

/** First day of `month` and of the month `n` months later, for `from`/`to` (to exclusive). */
export function monthRange(month: string, months = 1): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
  return { from, to };
}
