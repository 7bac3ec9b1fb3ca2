import type { DemoBusiness, DemoDomain } from './demo.types.ts';

/** The business-line tree's top level. */
export const DEMO_DOMAINS: readonly DemoDomain[] = [
  {
    name: 'trade',
    title: '交易 Trade',
    description: '商品、购物车、订单与营销：用户下单的主链路。',
    people: { owner: ['zhangwei'], sre: ['team:sre'] },
  },
  {
    name: 'pay',
    title: '支付 Payment',
    description: 'Checkout, clearing and settlement, risk control and wallets.',
    people: { owner: ['wangfang'], sre: ['team:sre', 'alice.wu'] },
  },
  {
    name: 'logistics',
    title: '物流 Logistics',
    description: '仓储、配送与物流轨迹。',
    people: { owner: ['zhaolei'], sre: ['team:sre'] },
  },
  {
    name: 'user',
    title: '用户 User',
    description: 'Accounts, login, membership and user messaging (账号、会员、消息触达).',
    people: { owner: ['lina'], sre: ['team:sre'] },
  },
  {
    name: 'infra',
    title: '基础设施 Infrastructure',
    description: '网关、中间件、研发效能与可观测性。',
    people: { owner: ['kevin.lin'], sre: ['zhouqiang'] },
  },
  {
    name: 'data',
    title: '数据 Data',
    description: 'Offline warehouse, real-time computing, recommendation and BI.',
    people: { owner: ['bob.huang'], sre: ['team:sre'] },
  },
];

const trade = { domain: 'trade', product: 'mall', team: 'trade-dev', sre: 'alice.wu' } as const;
const pay = { domain: 'pay', product: 'payment', team: 'pay-dev', sre: 'alice.wu' } as const;
const logistics = { domain: 'logistics', product: 'logistics', team: 'logistics-dev', sre: 'zhouqiang' } as const;
const user = { domain: 'user', product: 'membership', team: 'trade-dev', sre: 'alice.wu' } as const;
const infra = { domain: 'infra', product: 'infra', team: 'platform-dev', sre: 'zhouqiang' } as const;
const data = { domain: 'data', product: 'data-platform', team: 'data-dev', sre: 'kevin.lin' } as const;

/** Businesses: each in one domain and one product. */
export const DEMO_BUSINESSES: readonly DemoBusiness[] = [
  { ...trade, name: 'cart', title: '购物车', description: 'Shopping cart', owner: 'liuyang' },
  { ...trade, name: 'order', title: '订单', description: '下单、订单状态机与订单查询', owner: 'zhangwei' },
  { ...trade, name: 'item', title: '商品', description: 'Catalogue, prices and inventory', owner: 'liuyang' },
  { ...trade, name: 'promotion', title: '营销促销', description: '优惠券、活动与秒杀', owner: 'zhangwei' },
  { ...trade, name: 'search', title: '商品搜索', description: 'Item search and suggestions', owner: 'liuyang' },
  { ...pay, name: 'checkout', title: '收银台', description: '支付网关、渠道路由与退款', owner: 'wangfang' },
  { ...pay, name: 'settlement', title: '清结算', description: 'Clearing, reconciliation, invoices', owner: 'chenjie' },
  { ...pay, name: 'risk', title: '风控', description: '交易风控与反欺诈', owner: 'wangfang' },
  { ...pay, name: 'wallet', title: '钱包', description: 'Balance, points and red packets', owner: 'chenjie' },
  { ...logistics, name: 'warehouse', title: '仓储', description: 'Warehouse management (WMS)', owner: 'zhaolei' },
  { ...logistics, name: 'delivery', title: '配送', description: '运单调度、路径规划与运费', owner: 'sunli' },
  { ...logistics, name: 'tracking', title: '物流轨迹', description: 'Parcel tracking and carriers', owner: 'sunli' },
  { ...user, name: 'account', title: '账号', description: '统一账号与单点登录', owner: 'lina' },
  { ...user, name: 'member', title: '会员', description: 'Member levels and benefits', owner: 'lina' },
  { ...user, name: 'message', title: '消息触达', description: '短信、推送、邮件', owner: 'liuyang' },
  { ...infra, name: 'gateway', title: '网关', description: 'API gateway, edge proxy, WAF', owner: 'kevin.lin' },
  { ...infra, name: 'middleware', title: '中间件', description: '配置中心、注册中心、MQ 与缓存代理', owner: 'kevin.lin' },
  { ...infra, name: 'devops', title: '研发效能', description: 'CI, deployment and artifacts', owner: 'zhouqiang' },
  { ...infra, name: 'observability', title: '可观测', description: '日志、指标、链路与告警', owner: 'zhouqiang' },
  { ...data, name: 'offline', title: '离线数仓', description: 'Batch ETL and the data warehouse', owner: 'bob.huang' },
  { ...data, name: 'realtime', title: '实时计算', description: '埋点采集与实时大盘', owner: 'bob.huang' },
  { ...data, name: 'recommend', title: '推荐', description: 'Recommendation, features, A/B tests', owner: 'liuyang' },
  { ...data, name: 'bi', title: '商业智能 BI', description: '报表与 BI 门户', owner: 'bob.huang' },
];
