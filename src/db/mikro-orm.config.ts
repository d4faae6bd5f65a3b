// MikroORM configuration: the driver follows the database URL (postgres:// or pglite://). Only
// that driver's package is loaded (a gateway on PostgreSQL never loads PGlite, and the reverse).
import { defineConfig, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { allEntities, tenantEntities } from '../domain/entities/index.ts';
import { DEFAULT_DATABASE_URL } from '../config.ts';
import { TALLY_TABLES } from './tallies.ts';

export const migrationsDir = new URL('./migrations', import.meta.url).pathname;

/** How the gateway's migrations are found and run (the CLI and tests reuse it, e.g. with `silent`). */
export const migrationsOptions = {
  path: migrationsDir,
  pathTs: migrationsDir,
  glob: '!(*.d).{js,ts}',
  emit: 'ts',
  snapshot: true,
  snapshotName: '.snapshot',
  // The snapshot is what `migration:create` authored from the entities. Running migrations
  // must not rewrite it from the database: that would write into the source tree on every
  // start, and pull hand-written objects (the api_key NOTIFY trigger) into the entity diff.
  snapshotOnMigrate: false,
  transactional: true,
  allOrNothing: true,
} satisfies Options['migrations'];

export interface TenantFilterArgs {
  organisationId: string;
  mode: 'test' | 'live';
}

/** pglite://memory -> in-memory; pglite://<path> -> a data folder. */
export function pgliteDataDir(url: string): string {
  const rest = url.slice('pglite://'.length);
  return rest === '' || rest === 'memory' ? 'memory://' : rest;
}

export async function createOrmConfig(
  databaseUrl: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  overrides: Partial<Options> = {},
): Promise<Partial<Options>> {
  const base = {
    entities: allEntities,
    extensions: [Migrator],
    migrations: migrationsOptions,
    // The tenant filter: every query on a tenant-owned entity is scoped to the request's
    // organisation and mode. Queries made without the params fail instead of leaking.
    filters: {
      tenant: {
        name: 'tenant',
        cond: (args: Record<string, unknown>) => ({ organisation: args.organisationId, mode: args.mode }),
        entity: tenantEntities,
        default: true,
      },
    },
    // Every tenant row carries its own organisation and mode, and references never cross
    // tenants (services check them on write), so a filtered query needs no joins to apply the
    // filter to the rows it references. MikroORM's default (true) joined every to-one relation
    // of the queried entity: three extra joins for a checkout link, and most of the CPU of a read.
    autoJoinRefsForFilters: false,
    forceUtcTimezone: true,
    // Tables the migrations write by hand and no entity describes (the trigger-kept tallies):
    // a schema diff (schema:update, migration:create without the snapshot) leaves them alone.
    schemaGenerator: { skipTables: TALLY_TABLES },
    debug: process.env.ORM_DEBUG === '1',
  } satisfies Partial<Options>;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
    return defineConfig({ ...base, driver: PostgreSqlDriver, clientUrl: databaseUrl, ...overrides });
  }
  const [{ PgliteDriver }, { pgliteDriverOptions }] = await Promise.all([import('@mikro-orm/pglite'), import('./pglite-options.ts')]);
  const driverOptions = await pgliteDriverOptions();
  // A function: MikroORM deep-copies a plain options object, and a copied WebAssembly.Module is no module.
  return defineConfig({ ...base, driver: PgliteDriver, dbName: pgliteDataDir(databaseUrl), driverOptions: () => driverOptions, ...overrides });
}

// The MikroORM CLI (npm run migration:*) awaits a promised default export.
export default createOrmConfig();
