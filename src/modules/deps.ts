import type { Kysely } from 'kysely';
import type { DialectName } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { ChangeRecorder } from './audit/audit.repository.ts';

/** What every service is built from. Clock and ids are injected so tests are deterministic. */
export interface ServiceDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  ids: IdGenerator;
  changes: ChangeRecorder;
}
