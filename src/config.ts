import { resolve } from 'node:path';
import { z } from 'zod';
import { ValidationError } from './shared/errors.ts';

/** The only reader of process.env. Flags given on the command line win over the environment. */
const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  adminToken: z.string().min(20, 'APPMETA_ADMIN_TOKEN must be at least 20 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** largest accepted request body, bytes */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
});

export type Config = Readonly<z.infer<typeof configSchema> & { sqlitePath: string }>;

export type ConfigOverrides = Partial<Record<'host' | 'port' | 'dataDir' | 'databaseUrl' | 'logLevel', string>>;

/** Reads the configuration from flags and environment; throws ValidationError naming the bad setting. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    host: overrides.host ?? env.APPMETA_HOST,
    port: overrides.port ?? env.APPMETA_PORT,
    dataDir: overrides.dataDir ?? env.APPMETA_DATA_DIR,
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    adminToken: env.APPMETA_ADMIN_TOKEN || undefined,
    logLevel: overrides.logLevel ?? env.APPMETA_LOG_LEVEL,
    bodyLimit: env.APPMETA_BODY_LIMIT,
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('invalid_config', `Configuration: ${issue?.path.join('.')}: ${issue?.message}`, {
      field: issue?.path.join('.'),
    });
  }
  const dataDir = resolve(parsed.data.dataDir);
  return Object.freeze({ ...parsed.data, dataDir, sqlitePath: resolve(dataDir, 'appmeta.db') });
}
