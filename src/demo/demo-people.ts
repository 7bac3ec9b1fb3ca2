import type { DemoTeam, DemoUser } from './demo.types.ts';

/** Demo users: the engineers of Nimbus (云帆科技), a mid-size e-commerce company. */
export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'zhangwei', displayName: '张伟', email: 'zhangwei@nimbus.example.com' },
  { name: 'lina', displayName: '李娜', email: 'lina@nimbus.example.com' },
  { name: 'liuyang', displayName: '刘洋', email: 'liuyang@nimbus.example.com' },
  { name: 'wangfang', displayName: '王芳', email: 'wangfang@nimbus.example.com' },
  { name: 'chenjie', displayName: '陈杰', email: 'chenjie@nimbus.example.com' },
  { name: 'zhaolei', displayName: '赵磊', email: 'zhaolei@nimbus.example.com' },
  { name: 'sunli', displayName: '孙丽', email: 'sunli@nimbus.example.com' },
  { name: 'zhouqiang', displayName: '周强', email: 'zhouqiang@nimbus.example.com' },
  { name: 'kevin.lin', displayName: 'Kevin Lin 林凯文', email: 'kevin.lin@nimbus.example.com' },
  { name: 'alice.wu', displayName: 'Alice Wu 吴爱丽', email: 'alice.wu@nimbus.example.com' },
  { name: 'bob.huang', displayName: 'Bob Huang 黄博', email: 'bob.huang@nimbus.example.com' },
  { name: 'emily.xu', displayName: 'Emily Xu 徐艾米', email: 'emily.xu@nimbus.example.com' },
];

/** Demo teams; app roles name them as `team:<name>`. */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  { name: 'trade-dev', title: '交易研发组 Trade Engineering', members: ['zhangwei', 'lina', 'liuyang'] },
  { name: 'pay-dev', title: '支付研发组 Payment Engineering', members: ['wangfang', 'chenjie'] },
  { name: 'logistics-dev', title: '物流研发组 Logistics Engineering', members: ['zhaolei', 'sunli'] },
  { name: 'platform-dev', title: '基础平台组 Platform Engineering', members: ['kevin.lin', 'zhouqiang'] },
  { name: 'data-dev', title: '数据研发组 Data Engineering', members: ['bob.huang', 'liuyang'] },
  { name: 'sre', title: 'SRE 团队', members: ['zhouqiang', 'alice.wu', 'kevin.lin'] },
  { name: 'qa', title: '质量保障组 QA', members: ['emily.xu', 'sunli'] },
];
