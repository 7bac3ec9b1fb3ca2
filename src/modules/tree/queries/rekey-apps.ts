import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';

/**
 * After a business or domain is renamed or moved, rewrites the appid of every app under it and
 * leaves each old appid behind as an alias — two set-based statements, however many apps there are.
 * `oldPrefix`/`newPrefix` are `domain.` or `domain.business.` (with the trailing dot).
 * Needs a transaction (the caller's), so the aliases and the new appids appear together.
 */
export async function rekeyApps(
  tx: Kysely<Database>,
  scope: { businessId: string } | { domainId: string },
  oldPrefix: string,
  newPrefix: string,
  at: string,
): Promise<void> {
  const businessIds =
    'businessId' in scope
      ? [scope.businessId]
      : (await tx.selectFrom('businesses').select('id').where('domain_id', '=', scope.domainId).execute()).map((r) => r.id);
  if (businessIds.length === 0) return;
  // Old appids become aliases; an alias of the same name left by an earlier move now leads here.
  await tx
    .insertInto('aliases')
    .columns(['kind', 'name', 'target_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('apps')
        .select([sql.lit('app').as('kind'), 'appid', 'id', sql<string>`${at}`.as('created_at')])
        .where('business_id', 'in', businessIds),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'name']).doUpdateSet({
        target_id: (eb) => eb.ref('excluded.target_id'),
        created_at: (eb) => eb.ref('excluded.created_at'),
      }),
    )
    .execute();
  await tx
    .updateTable('apps')
    .set({ appid: sql<string>`${newPrefix} || substr(appid, ${oldPrefix.length + 1})`, updated_at: at })
    .where('business_id', 'in', businessIds)
    .execute();
  // A new appid that equals an old alias is real now; the alias would only shadow it.
  await tx
    .deleteFrom('aliases')
    .where('kind', '=', 'app')
    .where('name', 'in', (eb) => eb.selectFrom('apps').select('appid').where('business_id', 'in', businessIds))
    .execute();
}

/**
 * After a domain is renamed, leaves `oldDomain.<business>` behind as an alias of each of its
 * businesses. Needs the caller's transaction.
 */
export async function aliasBusinessesOfDomain(tx: Kysely<Database>, domainId: string, oldDomain: string, at: string): Promise<void> {
  await tx
    .insertInto('aliases')
    .columns(['kind', 'name', 'target_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('businesses')
        .select([
          sql.lit('business').as('kind'),
          sql<string>`${`${oldDomain}.`} || name`.as('name'),
          'id',
          sql<string>`${at}`.as('created_at'),
        ])
        .where('domain_id', '=', domainId),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'name']).doUpdateSet({
        target_id: (eb) => eb.ref('excluded.target_id'),
        created_at: (eb) => eb.ref('excluded.created_at'),
      }),
    )
    .execute();
}

/**
 * After a domain is renamed to `newDomain`, its businesses have new keys `newDomain.<business>`;
 * an alias with such a name (left by an earlier rename) would only shadow the real business.
 */
export async function dropBusinessAliasesShadowedBy(tx: Kysely<Database>, domainId: string, newDomain: string): Promise<void> {
  await tx
    .deleteFrom('aliases')
    .where('kind', '=', 'business')
    .where('name', 'in', (eb) =>
      eb
        .selectFrom('businesses')
        .select(sql<string>`${`${newDomain}.`} || name`.as('key'))
        .where('domain_id', '=', domainId),
    )
    .execute();
}
