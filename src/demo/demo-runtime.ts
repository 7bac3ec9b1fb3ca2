import type { HealthCheck, PortSpec, RuntimeInfo } from '../modules/tree/tree.types.ts';
import type { DemoApp, DemoLang } from './demo.types.ts';

/** Each language stack's usual ports and health check (Spring Boot actuator, Go /healthz…). */
const STACKS: Record<DemoLang, { ports: PortSpec[]; healthCheck: HealthCheck }> = {
  java: {
    ports: [
      { name: 'http', port: 8080, protocol: 'http' },
      { name: 'management', port: 8081, protocol: 'http' },
    ],
    healthCheck: { protocol: 'http', path: '/actuator/health', port: 8081 },
  },
  go: {
    ports: [
      { name: 'http', port: 8080, protocol: 'http' },
      { name: 'grpc', port: 9090, protocol: 'grpc' },
    ],
    healthCheck: { protocol: 'http', path: '/healthz', port: 8080 },
  },
  node: {
    ports: [{ name: 'http', port: 3000, protocol: 'http' }],
    healthCheck: { protocol: 'http', path: '/health', port: 3000 },
  },
  python: {
    ports: [{ name: 'http', port: 8000, protocol: 'http' }],
    healthCheck: { protocol: 'http', path: '/ping', port: 8000 },
  },
};

/** Batch jobs expose only a metrics port; their health check is a TCP connect. */
const JOB_STACK = {
  ports: [{ name: 'metrics', port: 9100, protocol: 'http' }] satisfies PortSpec[],
  healthCheck: { protocol: 'tcp', port: 9100 } satisfies HealthCheck,
};

/** Where an app runs: critical apps have the full PROD/PRE/UAT/FAT chain, others fewer; unreleased ones only test. */
export function environmentsOf(app: DemoApp): string[] {
  switch (app.lifecycle ?? 'online') {
    case 'retired':
      return [];
    case 'planning':
      return ['FAT'];
    case 'developing':
      return ['UAT', 'FAT'];
    default:
      if (app.level === 'L0' || app.level === 'L1') return ['PROD', 'PRE', 'UAT', 'FAT'];
      if (app.level === 'L2') return ['PROD', 'UAT', 'FAT'];
      return ['PROD', 'FAT'];
  }
}

/** Runtime per environment: the same ports everywhere, the health check on the stack's path or port. */
export function runtimeOf(app: DemoApp): Record<string, RuntimeInfo> {
  const stack = app.type === 'job' ? JOB_STACK : STACKS[app.lang];
  const ports = app.ports ?? stack.ports;
  const healthCheck: HealthCheck = app.ports ? { protocol: 'tcp', port: (app.ports[0] as PortSpec).port } : stack.healthCheck;
  return Object.fromEntries(
    environmentsOf(app).map((env) => [env, { ports: ports.map((p) => ({ ...p })), healthCheck: { ...healthCheck } }]),
  );
}
