import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth';
import { Loading } from './components/States';
import { I18nProvider, useI18n } from './i18n';
import SignIn from './pages/SignIn';
import { Shell } from './Shell';
import { TreeDataProvider } from './tree-data';

// Each page is its own chunk; the first page loads only the shell, antd and the page itself.
const Home = lazy(() => import('./pages/Home'));
const AppPage = lazy(() => import('./pages/AppPage'));
const NodePage = lazy(() => import('./pages/NodePage'));
const Resources = lazy(() => import('./pages/Resources'));
const Batches = lazy(() => import('./pages/Batches'));
const Costs = lazy(() => import('./pages/Costs'));
const Tenants = lazy(() => import('./pages/Tenants'));
const TenantPage = lazy(() => import('./pages/TenantPage'));
const Audit = lazy(() => import('./pages/Audit'));
const NotFound = lazy(() => import('./pages/NotFound'));

// A deep link to an app fetches its page's chunk while the token is being checked, not after.
if (window.location.pathname.startsWith('/apps/')) void import('./pages/AppPage');

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading />;
  if (!me) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return <TreeDataProvider>{children}</TreeDataProvider>;
}

function Localized({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized>
        <AuthProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/signin" element={<SignIn />} />
                <Route
                  element={
                    <RequireAuth>
                      <Shell />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="apps/:appid" element={<AppPage />} />
                  <Route path="apps/:appid/:tab" element={<AppPage />} />
                  <Route path="domains/:id" element={<NodePage kind="domain" />} />
                  <Route path="businesses/:id" element={<NodePage kind="business" />} />
                  <Route path="products/:id" element={<NodePage kind="product" />} />
                  <Route path="orgs/:id" element={<NodePage kind="org" />} />
                  <Route path="resources" element={<Resources />} />
                  <Route path="batches" element={<Batches />} />
                  <Route path="batches/:id" element={<Batches />} />
                  <Route path="costs" element={<Costs />} />
                  <Route path="tenants" element={<Tenants />} />
                  <Route path="tenants/:name" element={<TenantPage />} />
                  <Route path="my-tenant" element={<TenantPage own />} />
                  <Route path="audit" element={<Audit />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </Localized>
    </I18nProvider>
  );
}
