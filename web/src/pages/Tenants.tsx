import { Alert, App as AntApp, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import { useMe } from '../auth';
import { ErrorState } from '../components/States';
import { TokenBox } from '../components/TokenBox';
import { useI18n } from '../i18n';
import { errorToFields } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';

function setApiErrors(form: ReturnType<typeof Form.useForm>[0], e: unknown, fields: string[], fallback: string) {
  const fe = errorToFields(e, fields);
  form.setFields([
    ...Object.entries(fe.fields).map(([name, errors]) => ({ name, errors })),
    ...(fe.general.length ? [{ name: fallback, errors: fe.general }] : []),
  ]);
}

function TenantsCard() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm();
  const [issued, setIssued] = useState<{ name: string; token: string }>();
  const list = useApi(() => ok(api.GET('/api/v1/tenants')), []);
  const create = async (v: { name: string; title?: string }) => {
    try {
      const r = await ok(api.POST('/api/v1/tenants', { body: { name: v.name, ...(v.title ? { title: v.title } : {}) } }));
      setIssued({ name: r.tenant.name, token: r.token.token });
      form.resetFields();
      list.reload();
    } catch (e) {
      setApiErrors(form, e, ['name', 'title'], 'name');
    }
  };
  return (
    <Card size="small" title={t('tenant.title')}>
      <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 12 }}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('common.name')} data-testid="tenant-name" />
        </Form.Item>
        <Form.Item name="title">
          <Input placeholder={t('common.title')} />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid="tenant-create">
          {t('tenant.new')}
        </Button>
      </Form>
      {issued && <TokenBox title={t('tenant.created', { name: issued.name })} token={issued.token} />}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} compact />
      ) : (
        <Table
          size="small"
          rowKey="name"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('common.name'), dataIndex: 'name', render: (v: string) => <Link to={`/tenants/${v}`}>{v}</Link> },
            { title: t('common.title'), dataIndex: 'title' },
            { title: t('tenant.types'), dataIndex: 'types', render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      )}
    </Card>
  );
}

function TypesCard() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm();
  const types = useApi(() => ok(api.GET('/api/v1/resource-types')), []);
  const tenants = useApi(() => ok(api.GET('/api/v1/tenants')), []);
  const create = async (v: { name: string; tenant: string; title?: string; dimensions?: string }) => {
    const dimensions = (v.dimensions ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [name = '', unit = ''] = s.split(':').map((x) => x.trim());
        return { name, unit };
      });
    try {
      await ok(
        api.POST('/api/v1/resource-types', {
          body: { name: v.name, tenant: v.tenant, ...(v.title ? { title: v.title } : {}), dimensions },
        }),
      );
      form.resetFields();
      types.reload();
    } catch (e) {
      setApiErrors(form, e, ['name', 'tenant', 'title', 'dimensions'], 'name');
    }
  };
  return (
    <Card size="small" title={t('tenant.types')}>
      <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 12 }}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('common.name')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="tenant" rules={[{ required: true }]}>
          <Select
            placeholder={t('res.tenant')}
            style={{ width: 130 }}
            options={(tenants.data?.items ?? []).map((x) => ({ value: x.name, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="title">
          <Input placeholder={t('common.title')} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="dimensions">
          <Input placeholder={t('tenant.dimensions')} style={{ width: 280 }} />
        </Form.Item>
        <Button htmlType="submit">{t('tenant.newType')}</Button>
      </Form>
      {types.error ? (
        <ErrorState error={types.error} onRetry={types.reload} compact />
      ) : (
        <Table
          size="small"
          rowKey="name"
          loading={types.loading}
          dataSource={types.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('common.name'), dataIndex: 'name', render: (v: string) => <Link to={`/resources?type=${v}`}>{v}</Link> },
            { title: t('common.title'), dataIndex: 'title' },
            { title: t('res.tenant'), dataIndex: 'tenant' },
            {
              title: t('res.capacity'),
              dataIndex: 'dimensions',
              render: (d: Array<{ name: string; unit: string }>) => d.map((x) => <Tag key={x.name}>{`${x.name} (${x.unit})`}</Tag>),
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      )}
    </Card>
  );
}

function TokensCard() {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [issued, setIssued] = useState<string>();
  const tokens = useApi(() => ok(api.GET('/api/v1/tokens')), []);
  const issue = async (v: { user: string; name?: string }) => {
    try {
      const r = await ok(api.POST('/api/v1/tokens', { body: { user: v.user, name: v.name || 'console' } }));
      setIssued(r.token);
      form.resetFields();
      tokens.reload();
    } catch (e) {
      setApiErrors(form, e, ['user', 'name'], 'user');
    }
  };
  const revoke = async (id: string) => {
    try {
      await ok(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }));
      tokens.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card size="small" title={t('token.title')}>
      <Form form={form} layout="inline" onFinish={issue} style={{ marginBottom: 12 }}>
        <Form.Item name="user" rules={[{ required: true }]}>
          <Input placeholder={t('token.user')} />
        </Form.Item>
        <Form.Item name="name">
          <Input placeholder={t('common.name')} />
        </Form.Item>
        <Button htmlType="submit">{t('tenant.issueToken')}</Button>
      </Form>
      {issued && <TokenBox title={t('tenant.tokenIssued')} token={issued} />}
      {tokens.error ? (
        <ErrorState error={tokens.error} onRetry={tokens.reload} compact />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={tokens.loading}
          dataSource={tokens.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('token.principal'), render: (_, r) => `${r.principalType}:${r.principal}` },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
            { title: t('token.expires'), dataIndex: 'expiresAt', render: (v: string | null) => formatDateTime(v, locale) },
            {
              title: t('res.status'),
              render: (_, r) => (r.revokedAt ? <Tag>{t('token.revoked')}</Tag> : <Tag color="green">{t('token.active')}</Tag>),
            },
            {
              title: t('common.actions'),
              render: (_, r) =>
                !r.revokedAt && (
                  <Popconfirm title={t('token.revokeConfirm', { name: r.name })} onConfirm={() => revoke(r.id)}>
                    <Button size="small" danger>
                      {t('token.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

export default function Tenants() {
  const { t } = useI18n();
  const me = useMe();
  if (!me.isAdmin) return <Alert type="info" showIcon title={t('tenant.adminsOnly')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="tenants-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('tenant.title')}
      </Typography.Title>
      <TenantsCard />
      <TypesCard />
      <TokensCard />
    </Space>
  );
}
