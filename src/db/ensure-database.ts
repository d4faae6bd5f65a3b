// A PostgreSQL DATABASE_URL naming a database that does not exist yet: the gateway creates it at
// start when the role may (CREATE DATABASE from the server's maintenance database `postgres`, or
// `template1` where there is none); otherwise it stops with the command that creates it.
import pg from 'pg';

/** SQLSTATEs: invalid_catalog_name, insufficient_privilege, duplicate_database. */
const MISSING = '3D000';
const NOT_ALLOWED = '42501';
const EXISTS = '42P04';

export class MissingDatabaseError extends Error {}

interface Target {
  database: string;
  user: string;
  host: string;
  port: string;
}

function target(databaseUrl: string): Target {
  const url = new URL(databaseUrl);
  return {
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username) || process.env.PGUSER || process.env.USER || 'postgres',
    host: url.hostname || 'localhost',
    port: url.port || '5432',
  };
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteShell = (word: string): string => (/^[\w.@%+=:,/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** The commands a database owner or superuser runs to create the database for this role. */
export function createDatabaseCommands(databaseUrl: string): string[] {
  const t = target(databaseUrl);
  const sql = `CREATE DATABASE ${quoteIdentifier(t.database)} OWNER ${quoteIdentifier(t.user)}`;
  return [
    `createdb -h ${quoteShell(t.host)} -p ${t.port} -U postgres -O ${quoteShell(t.user)} ${quoteShell(t.database)}`,
    `psql -h ${quoteShell(t.host)} -p ${t.port} -U postgres -d postgres -c ${quoteShell(sql)}`,
  ];
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

async function tryConnect(connectionString: string): Promise<unknown> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * Makes sure the database of a postgres:// URL exists: 'existed', or 'created' when this call
 * created it (another process creating it at the same moment counts as existed). Connection
 * errors other than a missing database are left to the ORM, which reports them as before.
 * Throws MissingDatabaseError, naming the commands, when the role may not create it.
 */
export async function ensurePostgresDatabase(databaseUrl: string): Promise<'existed' | 'created'> {
  const first = await tryConnect(databaseUrl);
  if (codeOf(first) !== MISSING) return 'existed';
  const t = target(databaseUrl);
  let lastError: unknown;
  for (const maintenance of ['postgres', 'template1']) {
    if (maintenance === t.database) continue;
    const client = new pg.Client({ connectionString: withDatabase(databaseUrl, maintenance), connectionTimeoutMillis: 10_000 });
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      continue;
    }
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(t.database)}`);
      return 'created';
    } catch (error) {
      if (codeOf(error) === EXISTS) return 'existed';
      lastError = error;
      break;
    } finally {
      await client.end().catch(() => {});
    }
  }
  const why =
    codeOf(lastError) === NOT_ALLOWED
      ? `role "${t.user}" may not create databases`
      : `it could not be created (${lastError instanceof Error ? lastError.message : String(lastError)})`;
  const [createdb, psql] = createDatabaseCommands(databaseUrl);
  throw new MissingDatabaseError(
    [
      `PostgreSQL database "${t.database}" does not exist on ${t.host}:${t.port}, and ${why}.`,
      'Create it as a role that may (the server\'s superuser, here "postgres"), then start again:',
      `  ${createdb}`,
      `or: ${psql}`,
      `or set DATABASE_URL to a database that exists.`,
    ].join('\n'),
  );
}
