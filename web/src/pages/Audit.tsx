import { Button, DatePicker, Form, Input, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { AuditTable } from '../components/AuditTable';
import { useI18n } from '../i18n';

export default function Audit() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const query = {
    entity: search.get('entity') ?? undefined,
    actor: search.get('actor') ?? undefined,
    since: search.get('since') ?? undefined,
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Form
        layout="inline"
        key={search.toString()}
        initialValues={{ ...query, since: query.since ? dayjs(query.since) : undefined }}
        onFinish={(v: { entity?: string; actor?: string; since?: dayjs.Dayjs }) => {
          const next = new URLSearchParams();
          if (v.entity?.trim()) next.set('entity', v.entity.trim());
          if (v.actor?.trim()) next.set('actor', v.actor.trim());
          if (v.since) next.set('since', v.since.toISOString());
          setSearch(next);
        }}
      >
        <Form.Item name="entity" label={t('audit.entity')}>
          <Input allowClear style={{ width: 260 }} placeholder="app:trade.order.order-api" />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear style={{ width: 160 }} placeholder="user:admin" />
        </Form.Item>
        <Form.Item name="since" label={t('audit.since')}>
          <DatePicker showTime />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
        <Button style={{ marginInlineStart: 8 }} onClick={() => setSearch(new URLSearchParams())}>
          {t('common.reset')}
        </Button>
      </Form>
      <AuditTable query={query} />
    </Space>
  );
}
