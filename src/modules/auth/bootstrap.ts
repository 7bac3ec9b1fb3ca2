import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../../services.ts';
import { systemContext } from './principal.ts';

export interface BootstrapResult {
  /** set only when a token was generated now: print it once */
  generatedToken?: string;
  /** where the generated token was written (owner-only file) */
  tokenFile?: string;
}

const ADMIN = 'admin';

/**
 * Makes sure someone can sign in. With `adminToken` (APPMETA_ADMIN_TOKEN) the `admin` user exists
 * and that token is registered for it. Otherwise, when no admin exists, the `admin` user is made (or made
 * admin) and a fresh token is created and the token is written to `<dataDir>/admin-token` (mode 0600).
 */
export async function bootstrapAdmin(services: Services, opts: { dataDir: string; adminToken?: string }): Promise<BootstrapResult> {
  const { people, tokens } = services;
  let admin = await people.repo.findUser(services.deps.db, ADMIN);
  if (opts.adminToken) {
    admin ??= await people.createUser(systemContext, { name: ADMIN, displayName: 'Administrator', isAdmin: true });
    await tokens.ensureToken(systemContext, admin.id, admin.name, opts.adminToken, 'APPMETA_ADMIN_TOKEN');
    return {};
  }
  // Someone must be able to sign in: with no admin at all (a fresh database, or one that only
  // holds `appmeta demo` data), make `admin` one and give it a token.
  const anyAdmin = await services.deps.db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst();
  if (anyAdmin) return {};
  if (!admin) await people.createUser(systemContext, { name: ADMIN, displayName: 'Administrator', isAdmin: true });
  else await people.updateUser(systemContext, ADMIN, { isAdmin: true });
  const issued = await tokens.issueForUser(systemContext, { user: ADMIN, name: 'bootstrap' });
  mkdirSync(opts.dataDir, { recursive: true });
  const tokenFile = join(opts.dataDir, 'admin-token');
  writeFileSync(tokenFile, `${issued.token}\n`, { mode: 0o600 });
  chmodSync(tokenFile, 0o600);
  return { generatedToken: issued.token, tokenFile };
}
