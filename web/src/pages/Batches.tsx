import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, type BatchResult, ok, type Schemas } from '../api/client';
import { useMe } from '../auth';
import { ErrorState, Loading, Nothing } from '../components/States';
import { useI18n } from '../i18n';
import { parseLabels } from '../lib/app-form';
import { diffFields, show } from '../lib/diff';
import { errorToFields, type FieldErrors } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { canRunBatches } from '../lib/permissions';
import { useApi } from '../lib/use-api';

type Change = Schemas['BatchChange'];
const OP_COLOR: Record<string, string> = {
  create: 'green',
  delete: 'red',
  configure: 'gold',
  attach: 'blue',
  detach: 'volcano',
  migrate: 'purple',
};

/** Before/after of one change: for a changed resource only the fields that differ, else the whole state. */
function ChangeCell({ c, side }: { c: Change; side: 'before' | 'after' }) {
  const v = c[side];
  const color = side === 'before' ? '#cf1322' : '#389e0d';
  if (v === null) return <span>—</span>;
  const fields = c.before !== null && c.after !== null ? diffFields(c.before, c.after) : undefined;
  const shown = fields ? Object.fromEntries(fields.map((f) => [f.field, f[side]])) : v;
  return (
    <Space orientation="vertical" size={0}>
      {Object.entries(shown as Record<string, unknown>).map(([k, x]) => (
        <code key={k} style={{ color, fontSize: 12 }}>
          {k}: {show(x)}
        </code>
      ))}
    </Space>
  );
}

function ChangeTable({ changes }: { changes: Change[] }) {
  const { t } = useI18n();
  return (
    <Table<Change>
      size="small"
      rowKey={(c) => `${c.resource}-${c.op}-${JSON.stringify(c.after)}`}
      dataSource={changes}
      pagination={changes.length > 50 ? { pageSize: 50 } : false}
      locale={{ emptyText: <Nothing text={t('batch.noChanges')} /> }}
      data-testid="batch-changes"
      columns={[
        { title: t('res.key'), dataIndex: 'resource', render: (v: string) => <code>{v}</code> },
        { title: t('batch.op'), dataIndex: 'op', width: 100, render: (v: string) => <Tag color={OP_COLOR[v]}>{v}</Tag> },
        { title: t('batch.before'), render: (_, c) => <ChangeCell c={c} side="before" /> },
        { title: t('batch.after'), render: (_, c) => <ChangeCell c={c} side="after" /> },
      ]}
    />
  );
}

interface FormValues {
  scope: string;
  action: 'create' | 'delete' | 'configure' | 'migrate';
  type?: string;
  env?: string;
  labels?: string;
  setLabels?: string;
  removeLabels?: string;
  toAppid?: string;
  toEnv?: string;
  items?: string;
}

function toBody(v: FormValues): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (v.type) filter.type = v.type;
  if (v.env) filter.env = v.env;
  const fl = parseLabels(v.labels ?? '');
  if ('labels' in fl && Object.keys(fl.labels).length) filter.labels = fl.labels;
  let params: Record<string, unknown> = {};
  if (v.action === 'configure') {
    const sl = parseLabels(v.setLabels ?? '');
    const remove = (v.removeLabels ?? '').split(/[,\s]+/).filter(Boolean);
    params = {
      ...('labels' in sl && Object.keys(sl.labels).length ? { setLabels: sl.labels } : {}),
      ...(remove.length ? { removeLabels: remove } : {}),
    };
  } else if (v.action === 'migrate') {
    params = { toAppid: v.toAppid, ...(v.toEnv ? { toEnv: v.toEnv } : {}) };
  } else if (v.action === 'create') {
    params = { items: JSON.parse(v.items || '[]') };
  }
  return { scope: v.scope, action: v.action, ...(v.action === 'create' ? {} : { filter }), params };
}

function NewBatch({ onApplied }: { onApplied: (id: string) => void }) {
  const { t } = useI18n();
  const [search] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const action = Form.useWatch('action', form);
  const [preview, setPreview] = useState<{ body: Record<string, unknown>; result: BatchResult }>();
  const [err, setErr] = useState<FieldErrors>();
  const [busy, setBusy] = useState(false);
  const envs = useApi(() => ok(api.GET('/api/v1/environments')), []);
  const types = useApi(() => ok(api.GET('/api/v1/resource-types')), []);

  const run = async (body: Record<string, unknown>, dryRun: boolean) => {
    setBusy(true);
    setErr(undefined);
    try {
      const result = await ok(api.POST('/api/v1/batches', { body: { ...body, dryRun } as never }));
      if (dryRun) setPreview({ body, result });
      else if (result.id) onApplied(result.id);
    } catch (e) {
      const fe = errorToFields(e, ['scope', 'filter', 'params', 'action']);
      setErr(fe);
      form.setFields(
        Object.entries(fe.fields)
          .filter(([k]) => k === 'scope')
          .map(([name, errors]) => ({ name: name as 'scope', errors })),
      );
    } finally {
      setBusy(false);
    }
  };

  const errText = err
    ? [
        ...err.general,
        ...Object.entries(err.fields)
          .filter(([k]) => k !== 'scope')
          .map(([k, m]) => `${k}: ${m.join(' ')}`),
      ]
    : [];
  return (
    <Card size="small" title={t('batch.new')}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        data-testid="batch-form"
        initialValues={{
          scope: search.get('scope') ?? '',
          action: 'configure',
          type: search.get('type') ?? undefined,
          env: search.get('env') ?? undefined,
        }}
        onValuesChange={() => setPreview(undefined)}
        onFinish={(v) => {
          try {
            run(toBody(v), true);
          } catch (e) {
            form.setFields([{ name: 'items', errors: [e instanceof Error ? e.message : String(e)] }]);
          }
        }}
      >
        <Space wrap align="start">
          <Form.Item name="scope" label={t('batch.scope')} rules={[{ required: true }]}>
            <Input style={{ width: 260 }} placeholder="trade.order" data-testid="batch-scope" />
          </Form.Item>
          <Form.Item name="action" label={t('batch.action')}>
            <Select
              style={{ width: 140 }}
              data-testid="batch-action"
              options={(['configure', 'migrate', 'delete', 'create'] as const).map((a) => ({ value: a, label: t(`batch.action.${a}`) }))}
            />
          </Form.Item>
          {action !== 'create' && (
            <>
              <Form.Item name="type" label={t('batch.filterType')}>
                <Select
                  allowClear
                  style={{ width: 130 }}
                  options={(types.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))}
                />
              </Form.Item>
              <Form.Item name="env" label={t('batch.filterEnv')}>
                <Select
                  allowClear
                  style={{ width: 100 }}
                  options={(envs.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))}
                />
              </Form.Item>
              <Form.Item name="labels" label={t('batch.filterLabels')}>
                <Input.TextArea rows={1} style={{ width: 220 }} />
              </Form.Item>
            </>
          )}
        </Space>
        {action === 'configure' && (
          <Space wrap align="start">
            <Form.Item name="setLabels" label={t('batch.setLabels')}>
              <Input.TextArea rows={2} style={{ width: 300 }} placeholder="owner=dba" data-testid="batch-set-labels" />
            </Form.Item>
            <Form.Item name="removeLabels" label={t('batch.removeLabels')}>
              <Input style={{ width: 240 }} />
            </Form.Item>
          </Space>
        )}
        {action === 'migrate' && (
          <Space wrap>
            <Form.Item name="toAppid" label={t('batch.toAppid')} rules={[{ required: true }]}>
              <Input style={{ width: 300 }} />
            </Form.Item>
            <Form.Item name="toEnv" label={t('batch.toEnv')}>
              <Select allowClear style={{ width: 120 }} options={(envs.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))} />
            </Form.Item>
          </Space>
        )}
        {action === 'create' && (
          <Form.Item name="items" label={t('batch.items')} rules={[{ required: true }]}>
            <Input.TextArea
              rows={4}
              style={{ fontFamily: 'monospace' }}
              placeholder='[{"type":"mysql","externalId":"db-01","appid":"trade.order.order-api","env":"PROD"}]'
            />
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary">{t('batch.dryRunHelp')}</Typography.Paragraph>
        <Button htmlType="submit" loading={busy && !preview} data-testid="batch-dry-run">
          {t('batch.dryRun')}
        </Button>
      </Form>
      {errText.length > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} title={errText.join(' ')} data-testid="batch-error" />}
      {preview && (
        <div style={{ marginTop: 16 }} data-testid="batch-preview">
          <Typography.Title level={5}>
            {t('batch.preview')} —{' '}
            {t('batch.summary', { matched: preview.result.summary.matched, resources: preview.result.summary.resources })}
          </Typography.Title>
          <ChangeTable changes={preview.result.changes} />
          <Button
            type="primary"
            danger={preview.body.action === 'delete'}
            disabled={preview.result.changes.length === 0}
            loading={busy}
            style={{ marginTop: 12 }}
            onClick={() => run(preview.body, false)}
            data-testid="batch-apply"
          >
            {t('batch.apply', { n: preview.result.changes.length })}
          </Button>
        </div>
      )}
    </Card>
  );
}

function BatchDetail({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const batch = useApi(() => ok(api.GET('/api/v1/batches/{id}', { params: { path: { id } } })), [id]);
  const [revertPreview, setRevertPreview] = useState<BatchResult>();
  const [err, setErr] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (batch.error) return <ErrorState error={batch.error} onRetry={batch.reload} />;
  if (!batch.data) return <Loading />;
  const b = batch.data;
  const revert = async (dryRun: boolean) => {
    setBusy(true);
    setErr(undefined);
    try {
      const r = await ok(api.POST('/api/v1/batches/{id}/revert', { params: { path: { id } }, body: { dryRun } }));
      if (dryRun) setRevertPreview(r);
      else {
        message.success(t('batch.reverted', { id: r.id ?? '' }));
        setRevertPreview(undefined);
        batch.reload();
        if (r.id) navigate(`/batches/${r.id}`);
      }
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={`${t('batch.title')} ${b.id}`} data-testid="batch-detail">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('batch.action')}>{t(`batch.action.${b.action}`)}</Descriptions.Item>
        <Descriptions.Item label={t('batch.scope')}>{b.scope}</Descriptions.Item>
        <Descriptions.Item label={t('res.status')}>
          <Tag color={b.status === 'applied' ? 'green' : 'default'} data-testid="batch-status">
            {t(`batch.status.${b.status}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('batch.actor')}>{b.actor}</Descriptions.Item>
        <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(b.createdAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('batch.summary', { matched: b.summary.matched, resources: b.summary.resources })}>
          {''}
        </Descriptions.Item>
        {b.revertedIn && (
          <Descriptions.Item label={t('batch.status.reverted')}>
            <Link to={`/batches/${b.revertedIn}`}>{b.revertedIn}</Link>
          </Descriptions.Item>
        )}
        {b.reverts && (
          <Descriptions.Item label={t('batch.action.revert')}>
            <Link to={`/batches/${b.reverts}`}>{b.reverts}</Link>
          </Descriptions.Item>
        )}
      </Descriptions>
      <ChangeTable changes={b.changes} />
      {b.status === 'applied' && b.action !== 'revert' && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => revert(true)} loading={busy && !revertPreview} data-testid="batch-revert-preview">
            {t('batch.revertPreview')}
          </Button>
        </Space>
      )}
      {err !== undefined && <ErrorState error={err} compact />}
      {revertPreview && (
        <div style={{ marginTop: 12 }}>
          <Typography.Title level={5}>{t('batch.preview')}</Typography.Title>
          <ChangeTable changes={revertPreview.changes} />
          <Button type="primary" danger style={{ marginTop: 12 }} loading={busy} onClick={() => revert(false)} data-testid="batch-revert">
            {t('batch.revert')}
          </Button>
        </div>
      )}
    </Card>
  );
}

function History() {
  const { t, locale } = useI18n();
  const list = useApi(() => ok(api.GET('/api/v1/batches', { params: { query: { limit: 50 } } })), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} compact />;
  return (
    <Card size="small" title={t('batch.history')}>
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: 'id', dataIndex: 'id', render: (v: string) => <Link to={`/batches/${v}`}>{v}</Link> },
          { title: t('batch.action'), dataIndex: 'action', render: (v: 'create') => t(`batch.action.${v}`) },
          { title: t('batch.scope'), dataIndex: 'scope' },
          { title: t('res.status'), dataIndex: 'status', render: (v: 'applied') => <Tag>{t(`batch.status.${v}`)}</Tag> },
          { title: t('batch.actor'), dataIndex: 'actor' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
        ]}
      />
    </Card>
  );
}

export default function Batches() {
  const { id } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  if (!canRunBatches(me)) return <Alert type="info" showIcon title={t('batch.usersCannot')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="batches-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('batch.title')}
      </Typography.Title>
      {id ? (
        <>
          <Link to="/batches">← {t('batch.new')}</Link>
          <BatchDetail id={id} key={id} />
        </>
      ) : (
        <NewBatch
          onApplied={(newId) => {
            message.success(t('batch.applied', { id: newId }));
            navigate(`/batches/${newId}`);
          }}
        />
      )}
      <History key={id ?? 'new'} />
    </Space>
  );
}
