import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { DbHandle } from '../src/db/connect.ts';
import { type RequestContext, systemContext } from '../src/modules/auth/principal.ts';
import type { People } from '../src/modules/tree/tree.types.ts';
import { buildServices, type ServiceOptions, type Services } from '../src/services.ts';

/**
 * Test data built through the services (never raw inserts), so every row a test sees went
 * through the same rules, audit and events as in production.
 */
export class Factory {
  private n = 0;

  constructor(
    readonly s: Services,
    readonly ctx: RequestContext = systemContext,
  ) {}

  /** a fresh valid segment name: `prefix-a`, `prefix-b`, … `prefix-ba` (letters only) */
  name(prefix = 'node'): string {
    let i = this.n++;
    let suffix = '';
    do {
      suffix = String.fromCharCode(97 + (i % 26)) + suffix;
      i = Math.floor(i / 26) - 1;
    } while (i >= 0);
    return `${prefix}-${suffix}`;
  }

  async user(name = this.name('user'), opts: { isAdmin?: boolean } = {}) {
    return this.s.people.createUser(this.ctx, { name, isAdmin: opts.isAdmin });
  }

  /** A user and a bearer token for them. */
  async userWithToken(name = this.name('user'), opts: { isAdmin?: boolean } = {}) {
    const user = await this.user(name, opts);
    const issued = await this.s.tokens.issueForUser(this.ctx, { user: user.name, name: 'test' });
    return { user, token: issued.token, auth: { authorization: `Bearer ${issued.token}` } };
  }

  async team(name = this.name('team'), members: string[] = []) {
    return this.s.people.createTeam(this.ctx, { name, members });
  }

  async org(name = this.name('org'), parent?: string) {
    return this.s.finance.createOrg(this.ctx, { name, parent });
  }

  async product(name = this.name('product'), org?: string) {
    return this.s.finance.createProduct(this.ctx, { name, org: org ?? (await this.org()).name });
  }

  async domain(name = this.name('domain'), people?: People) {
    return this.s.nodes.createDomain(this.ctx, { name, people });
  }

  async business(opts: { domain?: string; name?: string; product?: string; people?: People } = {}) {
    return this.s.nodes.createBusiness(this.ctx, {
      domain: opts.domain ?? (await this.domain()).name,
      name: opts.name ?? this.name('biz'),
      product: opts.product ?? (await this.product()).name,
      people: opts.people,
    });
  }

  async app(opts: { business?: string; name?: string; people?: People; labels?: Record<string, string>; title?: string } = {}) {
    return this.s.apps.create(this.ctx, {
      business: opts.business ?? (await this.business()).key,
      name: opts.name ?? this.name('app'),
      people: opts.people,
      labels: opts.labels,
      title: opts.title,
    });
  }
}

export function factory(handle: DbHandle, opts: ServiceOptions = {}): Factory {
  return new Factory(buildServices(handle, opts));
}

/** The HTTP app over the same services, silent, for `app.inject`. Close it in the test. */
export async function httpApp(f: Factory, opts: { bodyLimit?: number } = {}): Promise<FastifyInstance> {
  return buildApp(f.s, { logLevel: process.env.TEST_LOG ?? 'silent', bodyLimit: opts.bodyLimit });
}
