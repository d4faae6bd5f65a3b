// A gateway started as `npm start` starts it (`node src/main.js`, its own process) on a database
// of its own, for the tests of what a newcomer sees: the first start, the build in dist/.
// `emptyDatabase` gives a fresh PostgreSQL database when DATABASE_URL names PostgreSQL (the
// gateway applies every migration itself), else a PGlite folder in `dir`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { onPostgres } from './database.ts';
import { freePort } from './ports.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from './postgres.ts';

export const repositoryRoot = new URL('../..', import.meta.url).pathname;

export interface SpawnedGateway {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the gateway printed up to and including the start-up banner. */
  banner: string;
  /** Spawn to banner, as measured from outside. */
  ms: number;
  exited: Promise<number | null>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const children: ChildProcess[] = [];

/** Starts `node src/main.js` with `env` over the test's own and waits for its banner. */
export async function spawnGateway(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedGateway> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['src/main.js'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: '',
      ADMIN_TOKEN: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...env,
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
      reject(new Error(`gateway exited with ${code} before ready; stdout: ${out}; stderr: ${err}`));
    });
  });
  return {
    child,
    baseUrl: `http://localhost:${port}`,
    banner,
    ms: Math.round(performance.now() - began),
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills what a test left running (afterAll). */
export function killSpawnedGateways(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A database nobody has used: its URL, and how to drop it afterwards. */
export async function emptyDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url || !onPostgres()) return { url: `pglite://${join(dir, 'pglite')}`, drop: async () => {} };
  const name = randomDatabaseName();
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  return {
    url: databaseUrlWith(url, name),
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * A test file's own temporary folder and empty database (emptyDatabase), made before its tests;
 * after them, the gateways it spawned killed, the database dropped and the folder removed.
 * `prepare(dir)` runs in the folder before the database is made (a build, say).
 */
export function useEmptyDatabase(prefix: string, prepare?: (dir: string) => void, timeoutMs?: number): { readonly dir: string; readonly url: string } {
  let dir = '';
  let url = '';
  let drop = async (): Promise<void> => {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    prepare?.(dir);
    const database = await emptyDatabase(dir);
    url = database.url;
    drop = database.drop;
  }, timeoutMs);
  afterAll(async () => {
    killSpawnedGateways();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get url() {
      return url;
    },
  };
}
