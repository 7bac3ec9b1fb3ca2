import type { DemoOrg, DemoProduct } from './demo.types.ts';

/** The org tree: company → departments → teams. Parents come before their children. */
export const DEMO_ORGS: readonly DemoOrg[] = [
  { name: 'nimbus', title: '云帆科技 Nimbus Tech', parent: null },
  { name: 'commerce', title: '电商事业部 Commerce BU', parent: 'nimbus' },
  { name: 'fintech', title: '金融科技事业部 FinTech BU', parent: 'nimbus' },
  { name: 'platform', title: '技术平台部 Technology Platform', parent: 'nimbus' },
  { name: 'mall-engineering', title: '商城研发中心 Mall Engineering', parent: 'commerce' },
  { name: 'logistics-engineering', title: '物流研发中心 Logistics Engineering', parent: 'commerce' },
  { name: 'infrastructure', title: '基础架构部 Infrastructure', parent: 'platform' },
  { name: 'data-intelligence', title: '数据智能部 Data Intelligence', parent: 'platform' },
];

/** Products: the finance allocation units, each in one org; every business names one. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { name: 'mall', title: '云帆商城 Nimbus Mall', org: 'mall-engineering' },
  { name: 'payment', title: '云帆支付 Nimbus Pay', org: 'fintech' },
  { name: 'logistics', title: '云帆物流 Nimbus Logistics', org: 'logistics-engineering' },
  { name: 'membership', title: '会员体系 Membership', org: 'commerce' },
  { name: 'infra', title: '基础设施 Infrastructure', org: 'infrastructure' },
  { name: 'data-platform', title: '数据平台 Data Platform', org: 'data-intelligence' },
];
