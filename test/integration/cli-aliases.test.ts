// `npm run cli -- aliases …` as a user runs it: records a Whop account id for an organisation
// and mode, which the Whop face then accepts with that organisation's key; bad vendor / id /
// duplicates are refused; remove forgets it. PGlite folder, or a fresh PostgreSQL database.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openOrm, type Orm } from '../../src/db/orm.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';

const root = new URL('../..', import.meta.url).pathname;
const REAL = 'biz_Ab12Cd34Ef56Gh';
let dir: string;
let pg: TestDatabase | undefined;
let databaseUrl: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_NO_WARNINGS: '1' }, timeout: 180_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

async function withOrm<T>(work: (orm: Orm) => Promise<T>): Promise<T> {
  if (pg) return work(pg.orm);
  const orm = await openOrm(databaseUrl);
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

/** The status of the Whop product list for `account_id` with `key`, on a real app over this database. */
async function whopStatus(key: string, account: string): Promise<number> {
  return withOrm(async (orm) => {
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), orm, logger: false });
    try {
      return (await app.inject({ url: `/whop/api/v1/products?account_id=${account}`, headers: { authorization: `Bearer ${key}` } })).statusCode;
    } finally {
      await app.close();
    }
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-cli-aliases-'));
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

describe('npm run cli -- aliases', () => {
  it('adds, lists and removes a Whop account alias the Whop face accepts meanwhile', async () => {
    expect((await cli(['orgs', 'create', '--name', 'Shop A', '--slug', 'shop-a'])).code).toBe(0);
    const key = /^(sk_test_\w+)$/m.exec((await cli(['keys', 'create', '--org', 'shop-a'])).stdout)?.[1] ?? '';
    expect(key).toMatch(/^sk_test_/);
    expect(await whopStatus(key, REAL)).toBe(404);

    const added = await cli(['aliases', 'add', '--org', 'shop-a', '--vendor', 'whop', '--account', REAL]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`Recorded whop account ${REAL} as organisation "shop-a" \\(test mode\\): alias [0-9a-f-]{36}`));
    const id = /alias ([0-9a-f-]{36})/.exec(added.stdout)?.[1] ?? '';

    const twice = await cli(['aliases', 'add', '--org', 'shop-a', '--vendor', 'whop', '--account', REAL]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already recorded');
    const malformed = await cli(['aliases', 'add', '--org', 'shop-a', '--vendor', 'whop', '--account', 'acct_1']);
    expect(malformed.code).toBe(2); // bad input, as the CLI answers every validation error
    expect(malformed.stderr).toContain('looks like biz_');
    const vendor = await cli(['aliases', 'add', '--org', 'shop-a', '--vendor', 'stripe', '--account', REAL]);
    expect(vendor.code).toBe(2);
    expect(vendor.stderr).toContain('--vendor must be one of whop');
    expect((await cli(['aliases', 'add', '--org', 'shop-a', '--vendor', 'whop'])).stderr).toContain('needs --account <biz_…>');

    const list = await cli(['aliases', 'list', '--org', 'shop-a']);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+test\\s+whop\\s+${REAL}`));
    expect(await whopStatus(key, REAL)).toBe(200);

    const removed = await cli(['aliases', 'remove', id]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed whop account alias ${REAL}`);
    expect((await cli(['aliases', 'remove', id])).code).toBe(1);
    expect(await whopStatus(key, REAL)).toBe(404);
  }, 900_000);
});
