import { AuthenticationError, ForbiddenError } from '../../shared/errors.ts';
import { isAdmin, type Principal, type RequestContext } from './principal.ts';

/** @throws ForbiddenError `admin_required` unless the caller is an admin (or the local system). */
export function requireAdmin(ctx: RequestContext, action: string): void {
  if (!isAdmin(ctx.principal)) {
    throw new ForbiddenError('admin_required', `Only an admin may ${action}.`);
  }
}

/** @throws ForbiddenError `user_required` unless the caller is a user (tenants cannot do this). */
export function requireUser(ctx: RequestContext, action: string): Extract<Principal, { kind: 'user' | 'system' }> {
  const p = ctx.principal;
  if (p.kind === 'tenant') throw new ForbiddenError('user_required', `A tenant token cannot ${action}.`);
  return p;
}

/** @throws AuthenticationError when there is no principal (defensive: the auth plugin should have refused). */
export function requirePrincipal(ctx: RequestContext | undefined): RequestContext {
  if (!ctx) throw new AuthenticationError();
  return ctx;
}
