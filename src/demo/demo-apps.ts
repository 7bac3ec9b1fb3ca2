import type { DemoApp } from './demo.types.ts';

/** The demo apps, by business (`domain.business`). appid = `<business>.<name>`. */
export const DEMO_APPS: Readonly<Record<string, readonly DemoApp[]>> = {
  'trade.cart': [
    { name: 'cart-api', title: '购物车服务', type: 'service', level: 'L1', lang: 'java' },
    { name: 'cart-web', title: '购物车页面', type: 'web', level: 'L2', lang: 'node' },
    { name: 'cart-cleaner', title: '过期购物车清理', type: 'job', level: 'L3', lang: 'java' },
  ],
  'trade.order': [
    {
      name: 'order-api',
      title: '订单服务',
      type: 'service',
      level: 'L0',
      lang: 'java',
      description: '下单、订单状态机与订单查询的核心服务。',
      developers: ['lina'],
    },
    { name: 'order-center', title: 'Order Center 订单中心', type: 'web', level: 'L2', lang: 'node' },
    { name: 'order-timeout-job', title: '超时关单', type: 'job', level: 'L1', lang: 'java' },
    { name: 'order-sync', title: 'Order Sync', type: 'service', level: 'L2', lang: 'go' },
    { name: 'order-export', title: '订单导出', type: 'job', level: 'L3', lang: 'java', lifecycle: 'planning' },
  ],
  'trade.item': [
    { name: 'item-api', title: '商品服务', type: 'service', level: 'L0', lang: 'java' },
    { name: 'item-admin', title: 'Item Admin Console', type: 'web', level: 'L2', lang: 'node' },
    { name: 'price-engine', title: '价格引擎', type: 'service', level: 'L1', lang: 'go' },
    { name: 'inventory', title: '库存服务', type: 'service', level: 'L0', lang: 'java', owner: 'zhangwei' },
  ],
  'trade.promotion': [
    { name: 'coupon-api', title: '优惠券服务', type: 'service', level: 'L1', lang: 'java' },
    { name: 'campaign-admin', title: '活动管理后台', type: 'web', level: 'L3', lang: 'node' },
    { name: 'flash-sale', title: '秒杀服务', type: 'service', level: 'L1', lang: 'go', developers: ['liuyang'] },
    { name: 'promo-calculator', title: 'Promotion Calculator', type: 'service', level: 'L1', lang: 'java' },
  ],
  'trade.search': [
    { name: 'search-api', title: '商品搜索', type: 'service', level: 'L1', lang: 'java' },
    { name: 'indexer', title: '索引构建', type: 'job', level: 'L2', lang: 'java' },
    { name: 'suggest', title: '搜索联想 Suggest', type: 'service', level: 'L2', lang: 'go' },
  ],
  'pay.checkout': [
    {
      name: 'gateway',
      title: '支付网关',
      type: 'service',
      level: 'L0',
      lang: 'java',
      description: 'Payment gateway: one API in front of every payment channel.',
      developers: ['chenjie'],
    },
    { name: 'cashier-web', title: '收银台前端', type: 'web', level: 'L0', lang: 'node' },
    { name: 'channel-router', title: '渠道路由', type: 'service', level: 'L0', lang: 'go' },
    { name: 'callback', title: '支付回调', type: 'service', level: 'L1', lang: 'java' },
    { name: 'refund', title: '退款服务', type: 'service', level: 'L1', lang: 'java' },
  ],
  'pay.settlement': [
    { name: 'clearing', title: '清算服务', type: 'service', level: 'L1', lang: 'java' },
    { name: 'reconcile-job', title: '对账任务', type: 'job', level: 'L1', lang: 'java', assurance: '5x8' },
    { name: 'invoice', title: 'Invoice Service 发票', type: 'service', level: 'L2', lang: 'java' },
  ],
  'pay.risk': [
    { name: 'risk-engine', title: '风控引擎', type: 'service', level: 'L0', lang: 'go' },
    { name: 'rule-admin', title: '规则管理台', type: 'web', level: 'L2', lang: 'node' },
    { name: 'fraud-model', title: '反欺诈模型', type: 'data', level: 'L1', lang: 'python', developers: ['bob.huang'] },
  ],
  'pay.wallet': [
    { name: 'wallet-api', title: '钱包服务', type: 'service', level: 'L1', lang: 'java' },
    { name: 'points', title: '积分账户', type: 'service', level: 'L2', lang: 'java' },
    { name: 'red-packet', title: '红包', type: 'service', level: 'L2', lang: 'go', lifecycle: 'developing' },
  ],
  'logistics.warehouse': [
    { name: 'wms-api', title: '仓储管理 WMS', type: 'service', level: 'L1', lang: 'java' },
    { name: 'wms-console', title: 'WMS Console', type: 'web', level: 'L2', lang: 'node' },
    { name: 'stock-sync', title: '库存同步', type: 'job', level: 'L2', lang: 'java' },
  ],
  'logistics.delivery': [
    { name: 'dispatch', title: '运单调度', type: 'service', level: 'L1', lang: 'go' },
    { name: 'rider-api', title: '骑手端接口', type: 'service', level: 'L1', lang: 'java' },
    { name: 'route-planner', title: 'Route Planner 路径规划', type: 'service', level: 'L2', lang: 'python' },
    { name: 'fee-calculator', title: '运费计算', type: 'service', level: 'L1', lang: 'java' },
  ],
  'logistics.tracking': [
    { name: 'tracking-api', title: '轨迹查询', type: 'service', level: 'L2', lang: 'java' },
    { name: 'carrier-adapter', title: '快递公司对接', type: 'service', level: 'L2', lang: 'go' },
    { name: 'tracking-push', title: '轨迹推送', type: 'job', level: 'L3', lang: 'node', lifecycle: 'developing' },
  ],
  'user.account': [
    { name: 'passport', title: '统一登录 Passport', type: 'service', level: 'L0', lang: 'java' },
    { name: 'account-api', title: '账号服务', type: 'service', level: 'L0', lang: 'java' },
    { name: 'sso-web', title: 'SSO Login Page', type: 'web', level: 'L1', lang: 'node' },
  ],
  'user.member': [
    { name: 'member-api', title: '会员服务', type: 'service', level: 'L1', lang: 'java' },
    { name: 'level-job', title: '会员等级计算', type: 'job', level: 'L2', lang: 'java' },
    { name: 'benefit', title: '会员权益', type: 'service', level: 'L2', lang: 'go' },
  ],
  'user.message': [
    { name: 'notify-center', title: '消息中心', type: 'service', level: 'L1', lang: 'go' },
    { name: 'sms-sender', title: '短信发送', type: 'service', level: 'L1', lang: 'java' },
    { name: 'push-sender', title: 'App 推送', type: 'service', level: 'L2', lang: 'go' },
    { name: 'mail-sender', title: 'Mail Sender 邮件', type: 'service', level: 'L3', lang: 'python', lifecycle: 'retired' },
  ],
  'infra.gateway': [
    { name: 'api-gateway', title: 'API 网关', type: 'service', level: 'L0', lang: 'go', tier: 'middleware' },
    {
      name: 'edge-proxy',
      title: 'Edge Proxy 边缘代理',
      type: 'other',
      level: 'L0',
      lang: 'go',
      ports: [
        { name: 'http', port: 80, protocol: 'http' },
        { name: 'https', port: 443, protocol: 'https' },
      ],
    },
    { name: 'waf', title: 'Web 应用防火墙', type: 'other', level: 'L1', lang: 'go' },
  ],
  'infra.middleware': [
    { name: 'config-center', title: '配置中心', type: 'service', level: 'L0', lang: 'java', tier: 'middleware' },
    { name: 'registry', title: '服务注册中心', type: 'service', level: 'L0', lang: 'java', tier: 'middleware' },
    { name: 'mq-proxy', title: 'MQ Proxy 消息队列代理', type: 'other', level: 'L1', lang: 'go' },
    { name: 'cache-proxy', title: '缓存代理', type: 'other', level: 'L1', lang: 'go' },
    { name: 'job-scheduler', title: '分布式任务调度', type: 'service', level: 'L1', lang: 'java', tier: 'middleware' },
  ],
  'infra.devops': [
    { name: 'ci-runner', title: 'CI Runner', type: 'service', level: 'L2', lang: 'go' },
    { name: 'deploy-center', title: '发布中心', type: 'web', level: 'L1', lang: 'java', assurance: '5x8' },
    { name: 'artifact-repo', title: '制品库', type: 'service', level: 'L2', lang: 'java' },
  ],
  'infra.observability': [
    { name: 'log-collector', title: '日志采集', type: 'other', level: 'L1', lang: 'go' },
    { name: 'metrics-gateway', title: 'Metrics Gateway 指标网关', type: 'service', level: 'L1', lang: 'go' },
    { name: 'alert-center', title: '告警中心', type: 'service', level: 'L1', lang: 'java', owner: 'alice.wu' },
    { name: 'trace-collector', title: '链路追踪', type: 'service', level: 'L2', lang: 'go' },
  ],
  'data.offline': [
    { name: 'etl-scheduler', title: '离线调度', type: 'job', level: 'L1', lang: 'java', assurance: '5x8' },
    { name: 'dw-builder', title: '数仓建模任务', type: 'data', level: 'L2', lang: 'python' },
    { name: 'data-quality', title: 'Data Quality 数据质量', type: 'service', level: 'L3', lang: 'python' },
  ],
  'data.realtime': [
    { name: 'flink-gateway', title: 'Flink 作业网关', type: 'service', level: 'L1', lang: 'java' },
    { name: 'event-collector', title: '埋点采集', type: 'service', level: 'L1', lang: 'go' },
    { name: 'realtime-dashboard', title: '实时大盘', type: 'web', level: 'L2', lang: 'node' },
  ],
  'data.recommend': [
    { name: 'recommend-api', title: '推荐服务', type: 'service', level: 'L1', lang: 'go' },
    { name: 'feature-store', title: 'Feature Store 特征平台', type: 'data', level: 'L1', lang: 'java' },
    { name: 'model-serving', title: '模型在线推理', type: 'service', level: 'L1', lang: 'python' },
    { name: 'ab-test', title: 'A/B 实验平台', type: 'web', level: 'L2', lang: 'node' },
  ],
  'data.bi': [
    { name: 'report-api', title: '报表服务', type: 'service', level: 'L2', lang: 'java' },
    { name: 'bi-portal', title: 'BI 门户', type: 'web', level: 'L3', lang: 'node', lifecycle: 'developing' },
  ],
};
