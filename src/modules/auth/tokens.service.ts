import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { ServiceDeps } from '../deps.ts';
import type { PeopleRepository } from '../people/people.repository.ts';
import { isAdmin, type Principal, type RequestContext } from './principal.ts';

/** Tokens look like `amt_<43 chars>`: 256 random bits, shown once, stored only as sha256. */
export function generateToken(random: (n: number) => Buffer = randomBytes): string {
  return `amt_${random(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface TokenInfo {
  id: string;
  name: string;
  principalType: string;
  principal: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A verified principal stays cached this long. Revocation in this process clears the cache at once;
 * other replicas see it within this window. */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

/**
 * Issues, lists, revokes and verifies bearer tokens. Verification is on every request, so verified
 * principals are cached for CACHE_TTL_MS (measured: without the cache the token lookup is the largest
 * part of a point read).
 */
export class TokensService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly resolvers = new Map<string, (id: string) => Promise<Principal | undefined>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly people: PeopleRepository,
    private readonly random: (n: number) => Buffer = randomBytes,
  ) {}

  /** The principal a token stands for, or undefined when it is unknown, revoked or expired. */
  async verify(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const nowMs = this.deps.clock.now().getTime();
    const hit = this.cache.get(hash);
    if (hit && hit.until > nowMs) return hit.principal;
    const row = await this.deps.db
      .selectFrom('tokens')
      .select(['id', 'principal_type', 'principal_id', 'expires_at', 'revoked_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && row.expires_at <= new Date(nowMs).toISOString()) return undefined;
    const principal = await this.principalOf(row.principal_type, row.principal_id);
    if (!principal) return undefined;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    // Never cache past the token's own expiry.
    const expiry = row.expires_at === null ? Number.POSITIVE_INFINITY : Date.parse(row.expires_at);
    this.cache.set(hash, { principal, until: Math.min(nowMs + CACHE_TTL_MS, expiry) });
    return principal;
  }

  /** Forget cached principals (after a revocation, a team change, a role change of a user). */
  invalidate(): void {
    this.cache.clear();
  }

  private async principalOf(type: string, id: string): Promise<Principal | undefined> {
    if (type === 'user') {
      const user = await this.people.findUserById(this.deps.db, id);
      if (!user) return undefined;
      const teams = await this.people.teamsOfUser(this.deps.db, id);
      return { kind: 'user', id, name: user.name, isAdmin: user.isAdmin, teams };
    }
    return this.resolvers.get(type)?.(id);
  }

  /** Lets another module (tenants) turn its token rows into principals. */
  registerPrincipalType(type: string, resolve: (id: string) => Promise<Principal | undefined>): void {
    this.resolvers.set(type, resolve);
  }

  /**
   * Issues a token for a user: an admin for anyone, a user for themselves. The token is in the result
   * and nowhere else. @throws ForbiddenError `token_forbidden`; NotFoundError `user_not_found`
   */
  async issueForUser(
    ctx: RequestContext,
    input: { user: string; name: string; expiresAt?: string | null },
  ): Promise<TokenInfo & { token: string }> {
    const p = ctx.principal;
    const self = p.kind === 'user' && p.name === input.user;
    if (!isAdmin(p) && !self) {
      throw new ForbiddenError('token_forbidden', 'Only an admin may issue tokens for other users.');
    }
    // Stored normalised (…:00.000Z) so text comparison with other timestamps is exact.
    const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
    if (expiresAt && expiresAt <= this.deps.clock.now().toISOString()) {
      throw new ValidationError('invalid_expiry', 'expiresAt must lie in the future.', { field: 'expiresAt' });
    }
    return this.deps.transaction(async (tx) => {
      const user = await this.people.getUser(tx, input.user);
      return this.insertToken(tx, ctx, {
        principalType: 'user',
        principalId: user.id,
        principalName: user.name,
        name: input.name,
        expiresAt,
      });
    });
  }

  /** Inserts a token row and audits it; used for users here and for tenants by the tenants module. */
  async insertToken(
    tx: ServiceDeps['db'],
    ctx: RequestContext,
    t: { principalType: 'user' | 'tenant'; principalId: string; principalName: string; name: string; expiresAt: string | null },
  ): Promise<TokenInfo & { token: string }> {
    const token = generateToken(this.random);
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.next();
    const createdBy = ctx.principal.kind === 'system' ? 'system' : `${ctx.principal.kind}:${ctx.principal.name}`;
    await tx
      .insertInto('tokens')
      .values({
        id,
        token_hash: hashToken(token),
        principal_type: t.principalType,
        principal_id: t.principalId,
        name: t.name,
        created_by: createdBy,
        created_at: now,
        expires_at: t.expiresAt,
        revoked_at: null,
      })
      .execute();
    const info: TokenInfo = {
      id,
      name: t.name,
      principalType: t.principalType,
      principal: t.principalName,
      createdBy,
      createdAt: now,
      expiresAt: t.expiresAt,
      revokedAt: null,
    };
    await this.deps.changes.record(tx, ctx, {
      action: 'created',
      entityType: 'token',
      entityId: id,
      entityKey: `${t.principalType}:${t.principalName}`,
      before: null,
      after: info,
    });
    return { ...info, token };
  }

  /**
   * Registers a token chosen by the operator (APPMETA_ADMIN_TOKEN) for a user, unless its hash is
   * already registered. Returns true when it was added.
   */
  async ensureToken(ctx: RequestContext, userId: string, userName: string, token: string, name: string): Promise<boolean> {
    const hash = hashToken(token);
    return this.deps.transaction(async (tx) => {
      const existing = await tx.selectFrom('tokens').select('id').where('token_hash', '=', hash).executeTakeFirst();
      if (existing) return false;
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await tx
        .insertInto('tokens')
        .values({
          id,
          token_hash: hash,
          principal_type: 'user',
          principal_id: userId,
          name,
          created_by: 'system',
          created_at: now,
          expires_at: null,
          revoked_at: null,
        })
        .execute();
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'token',
        entityId: id,
        entityKey: `user:${userName}`,
        before: null,
        after: { id, name, principal: userName },
      });
      return true;
    });
  }

  /** Tokens of one principal, or all (admins). Never includes the token itself. */
  async list(ctx: RequestContext, filter: { user?: string }): Promise<TokenInfo[]> {
    const p = ctx.principal;
    let userFilter = filter.user;
    if (!isAdmin(p)) {
      if (p.kind !== 'user') throw new ForbiddenError('token_forbidden', 'Only users and admins may list tokens.');
      if (userFilter && userFilter !== p.name) {
        throw new ForbiddenError('token_forbidden', 'Only an admin may list the tokens of other users.');
      }
      userFilter = p.name;
    }
    let q = this.deps.db
      .selectFrom('tokens')
      .leftJoin('users', (j) => j.onRef('users.id', '=', 'tokens.principal_id').on('tokens.principal_type', '=', 'user'))
      .select([
        'tokens.id',
        'tokens.name',
        'tokens.principal_type',
        'tokens.principal_id',
        'users.name as user_name',
        'tokens.created_by',
        'tokens.created_at',
        'tokens.expires_at',
        'tokens.revoked_at',
      ]);
    if (userFilter) q = q.where('users.name', '=', userFilter);
    const rows = await q.orderBy('tokens.id').limit(1000).execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      principalType: r.principal_type,
      principal: r.user_name ?? r.principal_id,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Revokes a token: an admin any, a user their own. Takes effect at once in this process. */
  async revoke(ctx: RequestContext, id: string): Promise<void> {
    await this.deps.transaction(async (tx) => {
      const row = await tx.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('token_not_found', `There is no token "${id}".`, { id });
      const p = ctx.principal;
      const own = p.kind === 'user' && row.principal_type === 'user' && row.principal_id === p.id;
      if (!isAdmin(p) && !own) throw new ForbiddenError('token_forbidden', 'Only an admin may revoke the tokens of others.');
      if (row.revoked_at !== null) return;
      const now = this.deps.clock.now().toISOString();
      await tx.updateTable('tokens').set({ revoked_at: now }).where('id', '=', id).execute();
      await this.deps.changes.record(tx, ctx, {
        action: 'revoked',
        entityType: 'token',
        entityId: id,
        entityKey: `${row.principal_type}:${row.principal_id}`,
        before: { revokedAt: null },
        after: { revokedAt: now },
      });
    });
  }
}
