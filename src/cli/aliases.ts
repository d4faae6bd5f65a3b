// `aliases add`, `aliases list` and `aliases remove`: vendor account aliases (Whop biz_ ids).
import { MODES, type Mode } from '../domain/entities/common.ts';
import { VendorAccountAlias } from '../domain/entities/index.ts';
import { VENDOR_ACCOUNT_VENDORS, type VendorAccountVendor } from '../domain/entities/vendor-account-alias.ts';
import { isUuid } from '../domain/services/support/ids.ts';
import { addAliasFor } from '../domain/services/organisations/vendor-account-aliases.ts';
import type { CliDatabase } from './database.ts';
import type { Out } from './context.ts';
import { table, when } from './format.ts';
import { findOrg } from './orgs.ts';
import { CliError, UsageError } from './usage.ts';

export interface AddAliasArgs {
  org: string;
  mode: Mode;
  vendor: string;
  account: string;
}

export async function addAlias(db: CliDatabase, out: Out, args: AddAliasArgs): Promise<void> {
  if (!(VENDOR_ACCOUNT_VENDORS as readonly string[]).includes(args.vendor)) {
    throw new UsageError(`--vendor must be one of ${VENDOR_ACCOUNT_VENDORS.join(', ')}, not "${args.vendor}".`);
  }
  const org = await findOrg(db, args.org);
  const em = db.em();
  em.setFilterParams('tenant', { organisationId: org.id, mode: args.mode });
  const alias = await addAliasFor(em, { organisation: org.id, mode: args.mode }, { vendor: args.vendor as VendorAccountVendor, accountId: args.account });
  out(`Recorded ${alias.vendor} account ${alias.accountId} as organisation "${org.slug}" (${args.mode} mode): alias ${alias.id}.`);
}

export async function listAliases(db: CliDatabase, out: Out, orgRef: string): Promise<void> {
  const org = await findOrg(db, orgRef);
  const rows: string[][] = [];
  for (const mode of MODES) {
    const em = db.em();
    em.setFilterParams('tenant', { organisationId: org.id, mode });
    for (const a of await em.find(VendorAccountAlias, {}, { orderBy: { vendor: 'asc', accountId: 'asc' } })) {
      rows.push([a.id, a.mode, a.vendor, a.accountId, when(a.createdAt)]);
    }
  }
  out(`Vendor account aliases of organisation "${org.slug}":`);
  out(table(['ID', 'MODE', 'VENDOR', 'ACCOUNT', 'CREATED'], rows));
}

export async function removeAlias(db: CliDatabase, out: Out, id: string): Promise<void> {
  if (!isUuid(id)) throw new UsageError(`"${id}" is not an alias id (a UUID; see \`aliases list --org <slug>\`).`);
  const em = db.em();
  const alias = await em.findOne(VendorAccountAlias, { id }, { filters: false });
  if (!alias) throw new CliError(`No vendor account alias ${id}.`);
  em.remove(alias);
  await em.flush();
  out(`Removed ${alias.vendor} account alias ${alias.accountId} (${id}).`);
}
