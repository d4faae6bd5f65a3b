// `orgs create` and `orgs list`.
import { Organisation } from '../domain/entities/index.ts';
import { createOrganisation } from '../domain/services/organisations/organisations.ts';
import { replaceAllowedOrigins } from '../domain/services/storefront/origins.ts';
import { isUuid } from '../domain/services/support/ids.ts';
import type { CliDatabase } from './database.ts';
import { operatorContext, type Out } from './context.ts';
import { table, when } from './format.ts';
import { CliError } from './usage.ts';

export async function createOrg(db: CliDatabase, out: Out, name: string, slug: string): Promise<void> {
  const org = await createOrganisation(operatorContext(db.em()), { name, slug });
  out(`Created organisation "${org.slug}" (${org.id}) with sales channel "default".`);
}

export async function listOrgs(db: CliDatabase, out: Out): Promise<void> {
  const orgs = await db.em().find(Organisation, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  out(
    table(
      ['ID', 'SLUG', 'NAME', 'CREATED'],
      orgs.map((o) => [o.id, o.slug, o.name, when(o.createdAt)]),
    ),
  );
}

/** An organisation by slug or id, or a CliError. */
export async function findOrg(db: CliDatabase, ref: string): Promise<Organisation> {
  const org = await db.em().findOne(Organisation, isUuid(ref) ? { id: ref } : { slug: ref });
  if (!org) throw new CliError(`No organisation "${ref}" (give its slug or id; see \`orgs list\`).`);
  return org;
}

/** `orgs origins`: shows, or with --set replaces, the origins allowed to call the storefront. */
export async function orgOrigins(db: CliDatabase, out: Out, ref: string, set?: string[]): Promise<void> {
  const org = await findOrg(db, ref);
  const origins = set === undefined ? org.storefrontAllowedOrigins : (await replaceAllowedOrigins(db.em(), org.id, set)).storefrontAllowedOrigins;
  if (set !== undefined) out(`Storefront origins of "${org.slug}" set.`);
  out(origins.length > 0 ? origins.join('\n') : `No origin may call the storefront of "${org.slug}" from a browser (other than the gateway's own pages).`);
}
