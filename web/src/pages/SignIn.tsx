import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth';
import { type Locale, useI18n } from '../i18n';
import { ApiError } from '../lib/errors';

export default function SignIn() {
  const { t, locale, setLocale } = useI18n();
  const { signIn, expired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const submit = async ({ token }: { token: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(token);
      navigate(from, { replace: true });
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 0
          ? t('error.network')
          : t('signin.failed', { message: e instanceof Error ? e.message : String(e) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 460 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('signin.title')}
            </Typography.Title>
            <Button size="small" onClick={() => setLocale((locale === 'en' ? 'zh-CN' : 'en') as Locale)} data-testid="lang-switch">
              {locale === 'en' ? t('lang.zh') : t('lang.en')}
            </Button>
          </Space>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          {expired && <Alert type="warning" showIcon title={t('signin.expired')} />}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="token"
              label={t('signin.token')}
              extra={t('signin.tokenHelp')}
              rules={[{ required: true, whitespace: true, message: t('signin.tokenRequired') }]}
              validateStatus={error ? 'error' : undefined}
              help={error}
            >
              <Input.Password autoFocus autoComplete="off" placeholder="amt_…" data-testid="token" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
              {t('signin.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
