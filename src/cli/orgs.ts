// `orgs create` and `orgs list`.
import { Organisation } from '../domain/entities/index.ts';
import { createOrganisation } from '../domain/services/organisations.ts';
import { isUuid } from '../domain/services/ids.ts';
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
  out(table(['ID', 'SLUG', 'NAME', 'CREATED'], orgs.map((o) => [o.id, o.slug, o.name, when(o.createdAt)])));
}

/** An organisation by slug or id, or a CliError. */
export async function findOrg(db: CliDatabase, ref: string): Promise<Organisation> {
  const org = await db.em().findOne(Organisation, isUuid(ref) ? { id: ref } : { slug: ref });
  if (!org) throw new CliError(`No organisation "${ref}" (give its slug or id; see \`orgs list\`).`);
  return org;
}
