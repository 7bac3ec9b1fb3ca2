import { Alert, Typography } from 'antd';

/** A secret shown once, copyable. */
export function TokenBox({ title, token }: { title: string; token: string }) {
  return (
    <Alert
      type="success"
      showIcon
      title={title}
      description={
        <Typography.Text copyable code data-testid="new-token">
          {token}
        </Typography.Text>
      }
    />
  );
}
