import { Button, Dropdown, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth, useMe } from './auth';
import { Loading } from './components/States';
import { TreeNav } from './components/TreeNav';
import { type Locale, useI18n } from './i18n';
import type { MessageKey } from './i18n/en';

const SECTIONS: Array<{ path: string; key: MessageKey; admin?: boolean; tenant?: boolean }> = [
  { path: '/', key: 'nav.tree' },
  { path: '/resources', key: 'nav.resources' },
  { path: '/batches', key: 'nav.batches' },
  { path: '/costs', key: 'nav.costs' },
  { path: '/tenants', key: 'nav.tenants', admin: true },
  { path: '/my-tenant', key: 'nav.myTenant', tenant: true },
  { path: '/audit', key: 'nav.audit' },
];

function section(pathname: string): string {
  const first = `/${pathname.split('/')[1] ?? ''}`;
  return SECTIONS.some((s) => s.path === first) ? first : '/';
}

export function Shell() {
  const { t, locale, setLocale } = useI18n();
  const { signOut } = useAuth();
  const me = useMe();
  const location = useLocation();
  const role = me.isAdmin ? 'admin' : me.kind === 'tenant' ? 'tenant' : 'user';
  const items = SECTIONS.filter((s) => (!s.admin || me.isAdmin) && (!s.tenant || me.kind === 'tenant')).map((s) => ({
    key: s.path,
    label: <Link to={s.path}>{t(s.key)}</Link>,
  }));

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          appmeta <span style={{ fontWeight: 400, fontSize: 13, opacity: 0.75 }}>{t('app.tagline')}</span>
        </Link>
        <Menu theme="dark" mode="horizontal" selectedKeys={[section(location.pathname)]} items={items} style={{ flex: 1, minWidth: 0 }} />
        <Space size="middle">
          <a href="/docs" target="_blank" rel="noreferrer" style={{ color: 'rgba(255,255,255,.75)' }}>
            {t('nav.docs')}
          </a>
          <Dropdown
            menu={{
              selectedKeys: [locale],
              items: [
                { key: 'zh-CN', label: t('lang.zh') },
                { key: 'en', label: t('lang.en') },
              ],
              onClick: ({ key }) => setLocale(key as Locale),
            }}
          >
            <Button size="small" data-testid="lang-switch">
              {t('lang.switch')}: {locale === 'zh-CN' ? t('lang.zh') : t('lang.en')}
            </Button>
          </Dropdown>
          <Tooltip title={t('me.can', { what: t(`me.can.${role}`) })}>
            <Typography.Text style={{ color: '#fff' }} data-testid="me">
              {me.name} <Tag color={me.isAdmin ? 'red' : me.kind === 'tenant' ? 'gold' : 'blue'}>{t(`me.${role}`)}</Tag>
            </Typography.Text>
          </Tooltip>
          <Button size="small" onClick={signOut} data-testid="sign-out">
            {t('signin.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={340} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <TreeNav />
        </Layout.Sider>
        <Layout.Content style={{ overflow: 'auto', padding: 20 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
