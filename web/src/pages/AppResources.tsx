import { App as AntApp, AutoComplete, Button, Form, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { api, ok, type Resource } from '../api/client';
import { useMe } from '../auth';
import { ErrorState, Nothing } from '../components/States';
import { useI18n } from '../i18n';
import { errorToFields } from '../lib/errors';
import { formatNumber } from '../lib/format';
import { canManageResource } from '../lib/permissions';
import { useApi } from '../lib/use-api';

interface Row {
  key: string;
  resource: Resource;
  env: string;
  weight: number;
}

function AttachDialog({ appid, onClose, onDone }: { appid: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [form] = Form.useForm();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [type, setType] = useState<string>();
  const types = useApi(() => ok(api.GET('/api/v1/resource-types')), []);
  const envs = useApi(() => ok(api.GET('/api/v1/environments')), []);
  const candidates = useApi(
    async () => (type ? ok(api.GET('/api/v1/resources', { params: { query: { type, limit: 200 } } })) : { items: [], nextCursor: null }),
    [type],
  );
  const usable = (types.data?.items ?? []).filter((rt) => me.isAdmin || rt.tenant === me.name);

  const submit = async (v: { type: string; externalId: string; env: string; weight?: number }) => {
    setBusy(true);
    try {
      await ok(
        api.POST('/api/v1/resources/{type}/{externalId}/attach', {
          params: { path: { type: v.type, externalId: v.externalId } },
          body: { appid, env: v.env, ...(v.weight ? { weight: v.weight } : {}) },
        }),
      );
      message.success(t('res.attached', { key: `${v.type}/${v.externalId}` }));
      onDone();
    } catch (e) {
      const fe = errorToFields(e, ['type', 'externalId', 'env', 'weight', 'appid']);
      form.setFields(Object.entries(fe.fields).map(([name, errors]) => ({ name: name === 'appid' ? 'externalId' : name, errors })));
      if (fe.general.length) form.setFields([{ name: 'externalId', errors: fe.general }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t('res.attach')} → ${appid}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="attach-form" initialValues={{ env: 'PROD' }}>
        <Form.Item name="type" label={t('res.type')} rules={[{ required: true }]}>
          <Select
            showSearch
            loading={types.loading}
            onChange={(v: string) => setType(v)}
            options={usable.map((rt) => ({ value: rt.name, label: `${rt.name} · ${rt.title}` }))}
            data-testid="attach-type"
          />
        </Form.Item>
        <Form.Item name="externalId" label={t('res.externalId')} extra={t('res.pickHelp')} rules={[{ required: true }]}>
          <AutoComplete
            options={(candidates.data?.items ?? []).map((r) => ({
              value: r.externalId,
              label: `${r.externalId}${r.name && r.name !== r.externalId ? ` · ${r.name}` : ''}${r.attachments.length ? ` (${r.attachments.map((a) => a.appid).join(', ')})` : ''}`,
            }))}
            filterOption={(input, o) =>
              String(o?.value ?? '')
                .toLowerCase()
                .includes(input.toLowerCase())
            }
            data-testid="attach-external-id"
          />
        </Form.Item>
        <Space>
          <Form.Item name="env" label={t('app.env')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={(envs.data?.items ?? []).map((e) => ({ value: e.name, label: e.name }))}
              data-testid="attach-env"
            />
          </Form.Item>
          <Form.Item name="weight" label={t('res.weight')}>
            <InputNumber min={1} max={1000000} precision={0} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="attach-submit">
            {t('res.attachHere')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The app's resources by environment and type, with attach and detach for those who may. */
export function AppResources({ appid }: { appid: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const [attaching, setAttaching] = useState(false);
  const list = useApi(() => ok(api.GET('/api/v1/resources', { params: { query: { scope: appid, limit: 1000 } } })), [appid]);
  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    for (const r of list.data?.items ?? []) {
      for (const a of r.attachments.filter((x) => x.appid === appid))
        out.push({ key: `${r.key}@${a.env}`, resource: r, env: a.env, weight: a.weight });
    }
    return out.sort(
      (a, b) =>
        a.env.localeCompare(b.env) || a.resource.type.localeCompare(b.resource.type) || a.resource.key.localeCompare(b.resource.key),
    );
  }, [list.data, appid]);
  const canAttach = me.isAdmin || me.kind === 'tenant';

  const detach = async (row: Row) => {
    try {
      await ok(
        api.POST('/api/v1/resources/{type}/{externalId}/detach', {
          params: { path: { type: row.resource.type, externalId: row.resource.externalId } },
          body: { appid, env: row.env },
        }),
      );
      message.success(t('res.detached', { key: row.resource.key }));
      list.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} compact />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Tooltip title={canAttach ? undefined : t('common.notPermitted')}>
        <Button type="primary" disabled={!canAttach} onClick={() => setAttaching(true)} data-testid="attach-open">
          {t('res.attach')}
        </Button>
      </Tooltip>
      <Table<Row>
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        locale={{ emptyText: <Nothing text={t('res.none')} /> }}
        data-testid="app-resources"
        columns={[
          {
            title: t('app.env'),
            dataIndex: 'env',
            width: 90,
            render: (v: string) => <Tag color="blue">{v}</Tag>,
            filters: [...new Set(rows.map((r) => r.env))].map((v) => ({ text: v, value: v })),
            onFilter: (v, r) => r.env === v,
          },
          {
            title: t('res.type'),
            width: 110,
            render: (_, r) => r.resource.type,
            filters: [...new Set(rows.map((r) => r.resource.type))].map((v) => ({ text: v, value: v })),
            onFilter: (v, r) => r.resource.type === v,
          },
          { title: t('res.key'), render: (_, r) => <code>{r.resource.key}</code> },
          { title: t('common.name'), render: (_, r) => r.resource.name },
          { title: t('res.tenant'), width: 90, render: (_, r) => r.resource.tenant },
          {
            title: t('res.capacity'),
            render: (_, r) =>
              Object.entries(r.resource.capacity)
                .map(([k, v]) => `${k} ${formatNumber(v, locale)}`)
                .join(' · '),
          },
          { title: t('res.weight'), dataIndex: 'weight', width: 70, align: 'right' },
          {
            title: t('common.actions'),
            width: 90,
            render: (_, r) =>
              canManageResource(me, r.resource.tenant) ? (
                <Popconfirm title={t('res.detachConfirm', { key: r.resource.key, appid, env: r.env })} onConfirm={() => detach(r)}>
                  <Button size="small" danger>
                    {t('res.detach')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {attaching && (
        <AttachDialog
          appid={appid}
          onClose={() => setAttaching(false)}
          onDone={() => {
            setAttaching(false);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}
