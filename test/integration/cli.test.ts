// The CLI as a user runs it: `node src/cli/main.ts …` against a PGlite folder (or a fresh
// PostgreSQL database when DATABASE_URL names one), then the created key used on /graphql.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openOrm, type Orm } from '../../src/db/orm.ts';
import { authenticateSecret } from '../../src/domain/services/organisations/api-keys.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';

const root = new URL('../..', import.meta.url).pathname;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let pg: TestDatabase | undefined;
let databaseUrl: string;

function cli(args: string[], url = databaseUrl): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: url, NODE_NO_WARNINGS: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Opens the CLI's database in this process (PGlite: only while no CLI runs). */
async function withOrm<T>(work: (orm: Orm) => Promise<T>): Promise<T> {
  if (pg) return work(pg.orm);
  const orm = await openOrm(databaseUrl);
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
  if (onPostgres()) {
    pg = await createTestDatabase();
    databaseUrl = pg.url;
  } else {
    databaseUrl = `pglite://${join(dir, 'pglite')}`;
  }
});
afterAll(async () => {
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run cli', () => {
  let orgId = '';
  let keyId = '';
  let secret = '';

  it('creates and lists organisations', async () => {
    const created = await cli(['orgs', 'create', '--name', 'Shop X', '--slug', 'shop-x']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created organisation "shop-x" \([0-9a-f-]{36}\) with sales channel "default"/);
    orgId = /\(([0-9a-f-]{36})\)/.exec(created.stdout)?.[1] ?? '';

    const again = await cli(['orgs', 'create', '--name', 'Shop X', '--slug', 'shop-x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Organisation "shop-x" exists.');

    const list = await cli(['orgs', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${orgId}\\s+shop-x\\s+Shop X`));
  }, 120_000);

  it('creates a key, prints its secret once, lists and revokes it', async () => {
    const created = await cli(['keys', 'create', '--org', 'shop-x', '--mode', 'live', '--scopes', 'product:read,product:write', '--name', 'ci']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    secret = /^(sk_live_[0-9A-Za-z]{32})$/m.exec(created.stdout)?.[1] ?? '';
    expect(secret).not.toBe('');
    keyId = /key ([0-9a-f-]{36})/.exec(created.stdout)?.[1] ?? '';

    const byId = await cli(['keys', 'create', '--org', orgId]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^sk_test_[0-9A-Za-z]{32}$/m);

    const list = await cli(['keys', 'list', '--org', 'shop-x']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).toMatch(new RegExp(`${keyId}\\s+live\\s+ci\\s+${secret.slice(0, 12)}…${secret.slice(-4)}\\s+active`));
    expect(list.stdout).toMatch(/\btest\b.*\bactive\b.*\ball$/m);

    // The key works on the gateway: a real app on the same database.
    await withOrm(async (orm) => {
      const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), orm, logger: false });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          payload: { query: '{ viewer { mode scopes organisation { slug salesChannels { name } } } }' },
        });
        expect(res.json()).toEqual({
          data: { viewer: { mode: 'LIVE', scopes: ['product:read', 'product:write'], organisation: { slug: 'shop-x', salesChannels: [{ name: 'default' }] } } },
        });
      } finally {
        await app.close();
      }
    });

    const revoked = await cli(['keys', 'revoke', keyId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked key ${keyId}`);
    const twice = await cli(['keys', 'revoke', keyId]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/already revoked at \d{4}-/);
    await withOrm(async (orm) => {
      expect(await authenticateSecret(orm.em.fork(), secret)).toBeNull();
    });
  }, 180_000);

  it('creates a publishable key (storefront only) and sets the storefront origins', async () => {
    const created = await cli(['keys', 'create', '--org', 'shop-x', '--publishable', '--name', 'web']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('storefront operations only');
    const pk = /^(pk_test_[0-9A-Za-z]{32})$/m.exec(created.stdout)?.[1] ?? '';
    expect(pk).not.toBe('');
    const list = await cli(['keys', 'list', '--org', 'shop-x']);
    expect(list.stdout).toMatch(new RegExp(`${pk.slice(0, 12)}…${pk.slice(-4)}\\s+active.*publishable$`, 'm'));
    const scoped = await cli(['keys', 'create', '--org', 'shop-x', '--publishable', '--scopes', 'product:read']);
    expect(scoped.code).toBe(2);
    expect(scoped.stderr).toContain('A publishable key takes no --scopes');

    const none = await cli(['orgs', 'origins', '--org', 'shop-x']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No origin may call the storefront');
    const set = await cli(['orgs', 'origins', '--org', 'shop-x', '--set', 'https://Shop.example.com, http://localhost:5173']);
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('https://shop.example.com\nhttp://localhost:5173');
    const bad = await cli(['orgs', 'origins', '--org', 'shop-x', '--set', 'https://shop.example.com/path']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--origins.0: Must be an origin');

    // The key is refused by everything but the storefront operations.
    await withOrm(async (orm) => {
      const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), orm, logger: false });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { authorization: `Bearer ${pk}`, 'content-type': 'application/json' },
          payload: { query: '{ viewer { mode } }' },
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().errors[0].extensions.code).toBe('FORBIDDEN');
      } finally {
        await app.close();
      }
    });
  }, 180_000);

  it('answers bad arguments with a message and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frob'], /Unknown command "frob"/],
      [['orgs'], /"orgs" needs a sub-command/],
      [['orgs', 'create', '--name', 'X'], /needs --slug/],
      [['orgs', 'list', '--slug', 'x'], /takes no --slug/],
      [['keys', 'list', '--bogus'], /Unknown option '--bogus'/],
      [['keys', 'create', '--org', 'shop-x', '--mode', 'prod'], /--mode must be test or live/],
      [['keys', 'revoke'], /needs <id>/],
      [['keys', 'revoke', 'not-a-uuid'], /is not a key id/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    const slug = await cli(['orgs', 'create', '--name', 'X', '--slug', 'Bad Slug']);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain('--slug: Must be lower kebab case');
    const scope = await cli(['keys', 'create', '--org', 'shop-x', '--scopes', 'nope']);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('Unknown scope');
    const org = await cli(['keys', 'list', '--org', 'nobody']);
    expect(org.code).toBe(1);
    expect(org.stderr).toContain('No organisation "nobody"');
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('keys create --org <slug|id>');
  }, 180_000);

  it('refuses a PGlite folder held by a running gateway, in one line', async () => {
    const folder = join(dir, 'held');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, '.gateway.pid'), String(process.pid));
    const run = await cli(['orgs', 'list'], `pglite://${folder}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `The PGlite folder ${folder} is in use by a running gateway (pid ${process.pid}). Stop it first, or use the GraphQL API with ADMIN_TOKEN.`,
    ]);
  });
});
