// DATABASE_URL naming a PostgreSQL database that does not exist: `npm start` creates it when
// the role may (and starts as on an empty database); a role without CREATEDB gets the exact
// commands that create it, and the CLI says the same. Needs a PostgreSQL server, so it runs
// when DATABASE_URL names one (as in CI's PostgreSQL pass).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseCommands, ensurePostgresDatabase, MissingDatabaseError } from '../../src/db/ensure-database.ts';
import { onPostgres } from '../support/database.ts';
import { freePort } from '../support/ports.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from '../support/postgres.ts';

const root = new URL('../..', import.meta.url).pathname;
const url = process.env.DATABASE_URL ?? '';
let admin: pg.Client;
const databases: string[] = [];
const role = `cg_nocreatedb_${randomBytes(4).toString('hex')}`;

const withUser = (databaseUrl: string, user: string): string => {
  const u = new URL(databaseUrl);
  u.username = user;
  u.password = '';
  return u.toString();
};

async function exists(name: string): Promise<boolean> {
  return (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
}

describe.skipIf(!onPostgres())('a missing PostgreSQL database (needs DATABASE_URL=postgres://…)', () => {
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create role ${role} login nocreatedb`);
  });
  afterAll(async () => {
    for (const name of databases) await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it('is created at start by a role that may, and the gateway starts on it', async () => {
    const name = randomDatabaseName();
    databases.push(name);
    const port = await freePort();
    const child = spawn(process.execPath, ['src/main.js'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrlWith(url, name), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in 60 s: ${out} ${err}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('/healthz')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      expect(out).toContain(`Created PostgreSQL database ${name} (it did not exist).`);
      expect(out).toMatch(/API key \(shown once, keep it\): +sk_test_/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(await exists(name)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    // A second call finds it.
    expect(await ensurePostgresDatabase(databaseUrlWith(url, name))).toBe('existed');
  });

  it('is named with the commands that create it when the role may not; running them makes the start work', async () => {
    const name = randomDatabaseName();
    databases.push(name);
    const target = withUser(databaseUrlWith(url, name), role);
    const refused = await ensurePostgresDatabase(target).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(MissingDatabaseError);
    const message = (refused as Error).message;
    expect(message).toContain(`PostgreSQL database "${name}" does not exist`);
    expect(message).toContain(`role "${role}" may not create databases`);
    const [createdb, psql] = createDatabaseCommands(target);
    expect(createdb).toBe(`createdb -h ${new URL(url).hostname} -p ${new URL(url).port || '5432'} -U postgres -O ${role} ${name}`);
    expect(message).toContain(createdb);
    expect(message).toContain(psql);
    expect(await exists(name)).toBe(false);

    // The CLI says the same, exit 1.
    const cli = await promisify(execFile)(process.execPath, ['src/cli/main.ts', 'orgs', 'list'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: target },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(createdb);

    // What the message says to run (as the superuser), then the role's start finds it.
    await admin.query(`CREATE DATABASE "${name}" OWNER "${role}"`);
    expect(await ensurePostgresDatabase(target)).toBe('existed');
  });
});
