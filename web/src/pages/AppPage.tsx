import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type App, api, ok } from '../api/client';
import { useMe } from '../auth';
import { AuditTable } from '../components/AuditTable';
import { CostPanel, defaultMonth } from '../components/CostPanel';
import { ErrorState, Loading } from '../components/States';
import { useI18n } from '../i18n';
import { formatLabels, parseLabels, parsePeople } from '../lib/app-form';
import { errorToFields, type FieldErrors } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { canEditAttributes, canEditPeople, type People, ROLES } from '../lib/permissions';
import { useApi } from '../lib/use-api';
import { useTreeData } from '../tree-data';
import { AppResources } from './AppResources';

export function PeopleView({ people }: { people: People }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={1} bordered>
      {ROLES.map((r) => (
        <Descriptions.Item key={r} label={t(`role.${r}`)}>
          {(people[r] ?? []).length === 0 ? (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          ) : (
            (people[r] ?? []).map((p) => (
              <Tag key={p} color={p.startsWith('team:') ? 'purple' : 'blue'}>
                {p}
              </Tag>
            ))
          )}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

const FIELDS = [
  'title',
  'description',
  'type',
  'level',
  'assurance',
  'lifecycle',
  'labels',
  'owner',
  'developer',
  'sre',
  'qa',
  'people',
] as const;

function EditApp({
  app,
  peopleAllowed,
  onClose,
  onSaved,
}: {
  app: App;
  peopleAllowed: boolean;
  onClose: () => void;
  onSaved: (a: App) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();

  const submit = async (v: Record<string, string>) => {
    setGeneral([]);
    const labels = parseLabels(v.labels ?? '');
    if ('badLine' in labels) {
      form.setFields([{ name: 'labels', errors: [t('app.labelInvalid')] }]);
      return;
    }
    const body: Record<string, unknown> = {
      title: v.title,
      description: v.description ?? '',
      type: v.type,
      level: v.level,
      assurance: v.assurance,
      lifecycle: v.lifecycle,
      labels: labels.labels,
    };
    if (peopleAllowed) {
      const people: Record<string, string[]> = {};
      for (const r of ROLES) people[r] = parsePeople(v[r] ?? '').list;
      const before = JSON.stringify(ROLES.map((r) => app.people[r] ?? []));
      if (JSON.stringify(ROLES.map((r) => people[r])) !== before) body.people = people;
    }
    setBusy(true);
    try {
      const saved = await ok(api.PATCH('/api/v1/apps/{appid}', { params: { path: { appid: app.appid } }, body: body as never }));
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      const fe: FieldErrors = errorToFields(e, FIELDS);
      const people = fe.fields.people;
      form.setFields(
        Object.entries(fe.fields)
          .filter(([k]) => k !== 'people')
          .map(([name, errors]) => ({ name, errors })),
      );
      if (people) form.setFields([{ name: 'owner', errors: people }]);
      setGeneral(fe.general);
    } finally {
      setBusy(false);
    }
  };

  const peopleRule = {
    validator: (_: unknown, v: string | undefined) =>
      parsePeople(v ?? '').bad.length
        ? Promise.reject(new Error(`${t('app.personInvalid')}: ${parsePeople(v ?? '').bad.join(', ')}`))
        : Promise.resolve(),
  };

  return (
    <Drawer open title={t('app.edit')} size={560} onClose={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="app-form"
        initialValues={{
          title: app.title,
          description: app.description,
          type: app.type,
          level: app.level,
          assurance: app.assurance,
          lifecycle: app.lifecycle,
          labels: formatLabels(app.labels),
          ...Object.fromEntries(ROLES.map((r) => [r, (app.people[r] ?? []).join(', ')])),
        }}
      >
        {general.length > 0 && (
          <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 16 }} data-testid="form-error" />
        )}
        <Form.Item
          name="title"
          label={t('common.title')}
          rules={[{ required: true, whitespace: true, max: 200, message: t('app.titleRequired') }]}
        >
          <Input data-testid="field-title" />
        </Form.Item>
        <Form.Item name="description" label={t('common.description')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="type" label={t('app.type')}>
            <Select style={{ width: 120 }} options={['web', 'service', 'job', 'data', 'other'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name="level" label={t('app.level')}>
            <Select style={{ width: 90 }} options={['L0', 'L1', 'L2', 'L3'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name="assurance" label={t('app.assurance')}>
            <Select style={{ width: 100 }} options={['7x24', '5x8'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name="lifecycle" label={t('app.lifecycle')}>
            <Select style={{ width: 130 }} options={['planning', 'developing', 'online', 'retired'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Space>
        <Form.Item name="labels" label={t('app.labels')} extra={t('app.labelsHelp')}>
          <Input.TextArea rows={4} style={{ fontFamily: 'monospace' }} data-testid="field-labels" />
        </Form.Item>
        <Typography.Title level={5}>
          {t('app.people')} {!peopleAllowed && <Typography.Text type="secondary">({t('common.readOnly')})</Typography.Text>}
        </Typography.Title>
        {ROLES.map((r) => (
          <Form.Item key={r} name={r} label={t(`role.${r}`)} extra={r === 'owner' ? t('app.peopleHelp') : undefined} rules={[peopleRule]}>
            <Input disabled={!peopleAllowed} />
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-app">
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}

function Overview({ app }: { app: App }) {
  const { t, locale } = useI18n();
  const envs = Object.entries(app.runtime ?? {});
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('app.appid')}>
            <Typography.Text copyable code>
              {app.appid}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('app.type')}>{app.type}</Descriptions.Item>
          <Descriptions.Item label={t('app.level')}>{app.level}</Descriptions.Item>
          <Descriptions.Item label={t('app.assurance')}>{app.assurance}</Descriptions.Item>
          <Descriptions.Item label={t('app.lifecycle')}>{app.lifecycle}</Descriptions.Item>
          <Descriptions.Item label={t('app.product')}>
            <Link to={`/products/${app.product}`}>{app.product}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('app.org')}>
            <Link to={`/orgs/${app.org}`}>{app.org}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(app.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(app.updatedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('common.description')} span={3}>
            {app.description || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('app.labels')} span={3}>
            <span data-testid="app-labels">
              {Object.entries(app.labels ?? {}).map(([k, v]) => (
                <Tag key={k}>
                  {k}={v}
                </Tag>
              ))}
              {Object.keys(app.labels ?? {}).length === 0 && '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={<Tooltip title={t('app.aliasesHelp')}>{t('app.aliases')}</Tooltip>} span={3}>
            {app.aliases.length ? app.aliases.map((a) => <Tag key={a}>{a}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('app.runtime')}>
        <Table
          size="small"
          pagination={false}
          rowKey={([env]) => env}
          dataSource={envs}
          columns={[
            { title: t('app.env'), render: (_, [env]) => <Tag color="blue">{env}</Tag>, width: 110 },
            {
              title: t('app.ports'),
              render: (_, [, rt]) =>
                rt.ports.map((p) => <Tag key={`${p.port}/${p.protocol}`}>{`${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`}</Tag>),
            },
            {
              title: t('app.healthCheck'),
              render: (_, [, rt]) =>
                rt.healthCheck ? (
                  <code>{`${rt.healthCheck.protocol}${rt.healthCheck.port ? `:${rt.healthCheck.port}` : ''}${rt.healthCheck.path ?? ''}`}</code>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('app.people')}>
        <PeopleView people={app.people} />
      </Card>
    </Space>
  );
}

export default function AppPage() {
  const { appid = '', tab = 'overview' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const month = search.get('month') ?? defaultMonth();
  const { tree } = useTreeData();
  const [editing, setEditing] = useState(false);
  const data = useApi(() => ok(api.GET('/api/v1/apps/{appid}', { params: { path: { appid } } })), [appid]);
  // The app renders as soon as it is here; its business and domain (titles, inherited roles) follow.
  // Guessed from the appid so both requests start at once; an alias resolves to another business and refetches.
  const businessKey = data.data?.business ?? appid.split('.').slice(0, 2).join('.');
  const parents = useApi(async () => {
    const d = businessKey.split('.')[0] ?? '';
    const [business, domain] = await Promise.all([
      ok(api.GET('/api/v1/businesses/{key}', { params: { path: { key: businessKey } } })).catch(() => undefined),
      ok(api.GET('/api/v1/domains/{domain}', { params: { path: { domain: d } } })).catch(() => undefined),
    ]);
    return { business, domain };
  }, [businessKey]);

  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const app = data.data;
  const business = parents.data?.business?.key === app.business ? parents.data.business : undefined;
  const domain = parents.data?.domain?.name === app.domain ? parents.data.domain : undefined;
  const chain = [app.people, business?.people, domain?.people];
  const canEdit = canEditAttributes(me, chain);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="app-page">
      <Breadcrumb
        items={[
          { title: <Link to={`/domains/${app.domain}`}>{domain?.title || app.domain}</Link> },
          { title: <Link to={`/businesses/${app.business}`}>{business?.title || app.business}</Link> },
          { title: app.title },
        ]}
      />
      {app.requestedAs && <Alert type="info" showIcon title={t('app.requestedAs', { old: app.requestedAs, appid: app.appid })} />}
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="app-title">
            {app.title}
          </Typography.Title>
          <Space size={4} wrap>
            <Typography.Text type="secondary" code>
              {app.appid}
            </Typography.Text>
            <Tag color="red">{app.level}</Tag>
            <Tag>{app.type}</Tag>
            <Tag color="green">{app.lifecycle}</Tag>
          </Space>
        </div>
        <Tooltip title={canEdit ? undefined : t('common.notPermitted')}>
          <Button type="primary" disabled={!canEdit} onClick={() => setEditing(true)} data-testid="edit-app">
            {t('app.edit')}
          </Button>
        </Tooltip>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/apps/${encodeURIComponent(app.appid)}${k === 'overview' ? '' : `/${k}`}`)}
        items={[
          { key: 'overview', label: t('app.tab.overview'), children: <Overview app={app} /> },
          { key: 'resources', label: t('app.tab.resources'), children: tab === 'resources' && <AppResources appid={app.appid} /> },
          {
            key: 'costs',
            label: t('app.tab.costs'),
            children: tab === 'costs' && (
              <CostPanel scope={app.appid} levels={['type', 'env']} pies month={month} onMonth={(m) => setSearch({ month: m })} />
            ),
          },
          { key: 'audit', label: t('app.tab.audit'), children: tab === 'audit' && <AuditTable query={{ entity: `app:${app.appid}` }} /> },
        ]}
      />
      {editing && (
        <EditApp
          app={app}
          peopleAllowed={canEditPeople(me, chain)}
          onClose={() => setEditing(false)}
          onSaved={(a) => {
            setEditing(false);
            data.setData({ ...a, requestedAs: null });
            tree.reload();
          }}
        />
      )}
    </Space>
  );
}
