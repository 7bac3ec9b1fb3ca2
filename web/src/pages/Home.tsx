import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Inventory } from '../components/Inventory';
import { useI18n } from '../i18n';
import { useTreeData } from '../tree-data';

export default function Home() {
  const { t } = useI18n();
  const { tree } = useTreeData();
  const c = tree.data?.counts;
  return (
    <div data-testid="home">
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.welcome')}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('kind.domain')} value={c?.domains ?? '—'} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('kind.business')} value={c?.businesses ?? '—'} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('kind.app')} value={c?.apps ?? '—'} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('home.inventory')}>
        <Inventory />
      </Card>
    </div>
  );
}
