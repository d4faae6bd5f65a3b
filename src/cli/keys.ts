// `keys create`, `keys list` and `keys revoke`.
import { ApiKey } from '../domain/entities/index.ts';
import { MODES, type Mode } from '../domain/entities/common.ts';
import { SCOPES } from '../domain/principal.ts';
import { createApiKey } from '../domain/services/organisations/api-keys.ts';
import { isUuid } from '../domain/services/support/ids.ts';
import type { CliDatabase } from './database.ts';
import { operatorContext, type Out } from './context.ts';
import { table, when } from './format.ts';
import { findOrg } from './orgs.ts';
import { CliError, UsageError } from './usage.ts';

export interface CreateKeyArgs {
  org: string;
  mode: Mode;
  scopes?: string[];
  name?: string;
  publishable?: boolean;
}

export async function createKey(db: CliDatabase, out: Out, args: CreateKeyArgs): Promise<void> {
  const { mode, scopes } = args;
  const org = await findOrg(db, args.org);
  const kind = args.publishable ? 'publishable' : 'secret';
  const { apiKey, secret } = await createApiKey(operatorContext(db.em()), { organisationId: org.id, mode, scopes, name: args.name ?? null, kind });
  if (kind === 'publishable') {
    out(`Created publishable ${mode} key ${apiKey.id} for organisation "${org.slug}" (storefront operations only; safe to embed in a page).`);
    out('Key (shown once):');
  } else {
    out(`Created ${mode} key ${apiKey.id} for organisation "${org.slug}" with scopes ${apiKey.scopes.join(', ')}.`);
    out('Secret (shown once, keep it):');
  }
  out(secret);
}

export async function listKeys(db: CliDatabase, out: Out, orgRef: string): Promise<void> {
  const org = await findOrg(db, orgRef);
  const keys: ApiKey[] = [];
  for (const mode of MODES) {
    const em = db.em();
    em.setFilterParams('tenant', { organisationId: org.id, mode });
    keys.push(...(await em.find(ApiKey, {}, { orderBy: { createdAt: 'asc', id: 'asc' } })));
  }
  const rows = keys.map((k) => [
    k.id,
    k.mode,
    k.name ?? '-',
    `${k.prefix}…${k.last4}`,
    k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active',
    when(k.createdAt),
    when(k.lastUsedAt),
    k.kind === 'publishable' ? 'publishable' : k.scopes.length === SCOPES.length ? 'all' : k.scopes.join(','),
  ]);
  out(`Keys of organisation "${org.slug}":`);
  out(table(['ID', 'MODE', 'NAME', 'KEY', 'STATUS', 'CREATED', 'LAST USED', 'SCOPES'], rows));
}

export async function revokeKey(db: CliDatabase, out: Out, id: string): Promise<void> {
  if (!isUuid(id)) throw new UsageError(`"${id}" is not a key id (a UUID; see \`keys list --org <slug>\`).`);
  const em = db.em();
  const key = await em.findOne(ApiKey, { id }, { filters: false });
  if (!key) throw new CliError(`No API key ${id}.`);
  if (key.revokedAt) {
    out(`Key ${id} (${key.prefix}…${key.last4}) was already revoked at ${when(key.revokedAt)}.`);
    return;
  }
  key.revokedAt = new Date();
  await em.flush();
  out(`Revoked key ${id} (${key.prefix}…${key.last4}).`);
}
