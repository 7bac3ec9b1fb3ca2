import { Alert, Button, Empty, Result, Spin } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { ApiError } from '../lib/errors';

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="loading">
      <Spin description={t('common.loading')} />
    </div>
  );
}

export function Nothing({ text }: { text?: string }) {
  const { t } = useI18n();
  return <Empty description={text ?? t('common.empty')} />;
}

/** An error a person can act on: what happened, why (the API's message), and what to do next. */
export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  const e = error instanceof ApiError ? error : undefined;
  let text = error instanceof Error ? error.message : String(error);
  if (e?.status === 0) text = t('error.network');
  else if (e?.status === 401) text = t('error.unauthorized');
  else if (e?.status === 403) text = t('error.forbidden', { message: e.message });
  else if (e?.code === 'route_not_found') text = t('error.notYet', { message: e.message });
  else if (e?.status === 404) text = t('error.notFound', { message: e.message });
  const extra = (
    <>
      {e?.requestId && <div style={{ fontSize: 12, opacity: 0.7 }}>{t('common.requestId', { id: e.requestId })}</div>}
      {onRetry && e?.status !== 403 && e?.status !== 404 && (
        <Button size="small" onClick={onRetry} style={{ marginTop: 8 }}>
          {t('common.retry')}
        </Button>
      )}
    </>
  );
  if (compact) {
    return <Alert type="error" showIcon title={text} description={extra} data-testid="error" />;
  }
  return (
    <Result
      status={e?.status === 404 ? '404' : e?.status === 403 ? '403' : 'error'}
      title={t('error.title')}
      subTitle={text}
      extra={
        <>
          {extra}
          {e?.status === 404 && <Link to="/">{t('error.backHome')}</Link>}
        </>
      }
      data-testid="error"
    />
  );
}
