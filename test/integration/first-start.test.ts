// `npm start` as a newcomer runs it: an empty database gets organisation `default`, sales
// channel `default` and one test key, printed once with every face's URL; a second start on
// the same database prints no key. PGlite folder by default, a fresh PostgreSQL database when
// DATABASE_URL names PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from '../support/postgres.ts';
import { freePort } from '../support/ports.ts';

const root = new URL('../..', import.meta.url).pathname;
const FACES = ['/graphql', '/fynn', '/leanrails', '/whop/api/v1', '/checkout-link/{slug}/cart', '/docs', '/healthz'];

let dir: string;
let databaseUrl: string;
let dropDatabase = async (): Promise<void> => {};
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the gateway printed up to and including the start-up banner. */
  banner: string;
  /** Spawn to banner, as measured from outside. */
  ms: number;
  exited: Promise<number | null>;
}

async function start(): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['src/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: '',
      ADMIN_TOKEN: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 90 s; stdout: ${out}; stderr: ${err}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The banner is one write: the ready line, the faces, then (first start) the key.
      if (/ready in \d+ ms/.test(out) && out.includes('/healthz')) {
        clearTimeout(timer);
        setTimeout(() => resolve(out), 200);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before ready; stderr: ${err}`));
    });
  });
  return { child, baseUrl: `http://localhost:${port}`, banner, ms: Math.round(performance.now() - began), exited };
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-first-start-'));
  const url = process.env.DATABASE_URL;
  if (url && onPostgres()) {
    // An empty database: the gateway applies every migration itself.
    const name = randomDatabaseName();
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    databaseUrl = databaseUrlWith(url, name);
    dropDatabase = async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  } else {
    databaseUrl = `pglite://${join(dir, 'pglite')}`;
  }
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('first start', () => {
  it('creates organisation default with a working test key, printed once with every face', async () => {
    const first = await start();
    const { banner, baseUrl } = first;
    for (const face of FACES) expect(banner).toContain(`${baseUrl}${face}`);
    const keys = banner.match(/sk_test_[0-9A-Za-z]{32}/g) ?? [];
    expect(new Set(keys).size).toBe(1);
    const key = keys[0] ?? '';
    expect(banner).not.toMatch(/sk_live_/);
    console.info(
      `first start to ready (${onPostgres() ? 'PostgreSQL' : 'PGlite'}, empty database): ${first.ms} ms from spawn; the gateway says: ${/ready in (\d+ ms)/.exec(banner)?.[1]}`,
    );

    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug salesChannels { name } } mode } }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { organisation: { slug: 'default', salesChannels: [{ name: 'default' }] }, mode: 'TEST' } } });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    if (!onPostgres()) expect(existsSync(join(dir, 'pglite', '.gateway.pid'))).toBe(true);

    expect(await stop(first)).toBe(0);
    if (!onPostgres()) expect(existsSync(join(dir, 'pglite', '.gateway.pid'))).toBe(false);

    // Second start on the same database: bootstrap has run, no new key; the old one still works.
    const second = await start();
    expect(second.banner).not.toMatch(/sk_(test|live)_/);
    expect(second.banner).not.toContain('First start');
    console.info(
      `second start to ready (${onPostgres() ? 'PostgreSQL' : 'PGlite'}): ${second.ms} ms from spawn; the gateway says: ${/ready in (\d+ ms)/.exec(second.banner)?.[1]}`,
    );
    const again = await fetch(`${second.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug } } }' }),
    });
    expect(await again.json()).toEqual({ data: { viewer: { organisation: { slug: 'default' } } } });
    expect(await stop(second)).toBe(0);
  }, 240_000);
});
