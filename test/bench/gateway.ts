// Starts the real gateway as `npm start` does (its node arguments, its default settings: log
// level, rate limits in memory) as a child process on the bench database, and measures its cold
// start (spawn -> /readyz 200). Settings a pass changes (Redis, a tuned row, the SQL count, the
// unmeasured seeding gateway) are given explicitly in `env`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, start, waitReady, type Child } from './processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The node arguments of `npm start` (package.json), so the bench measures the gateway exactly as
 * users run it (V8 flags included): "node <flags> src/main.js" -> [<flags>, <root>/src/main.js].
 */
export function startArgs(): string[] {
  const script = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const [command, ...args] = script.trim().split(/\s+/);
  const isFile = (a: string) => /\.(ts|js)$/.test(a);
  if (command !== 'node' || !args.some(isFile)) throw new Error(`npm start is not "node [flags] <file>.js|.ts": ${script}`);
  return args.map((a) => (isFile(a) ? `${ROOT}${a}` : a));
}
export const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;

export interface RunningGateway {
  child: Child;
  baseUrl: string;
  coldStartMs: number;
  /** The bootstrap key printed on a first start (undefined on later starts). */
  bootstrapKey: string | undefined;
}

/** ORM_DEBUG=1 makes MikroORM log one `[query] …` line per SQL statement on stdout. */
export const SQL_LINE = /\[query\]/;

/** Settings of the shell the bench runs in that would change the gateway's defaults: dropped. */
const SETTINGS = /^(LOG_LEVEL|NODE_ENV|ORM_DEBUG|REDIS_URL|RATE_LIMIT_.*|TRUST_PROXY|NODE_OPTIONS)$/;

/** Settings of the gateway that only raise its rate limits: for the (unmeasured) seeding. */
export const UNLIMITED: Record<string, string> = { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_ANONYMOUS_MAX: '1000000000' };

export async function startGateway(
  databaseUrl: string,
  options: {
    sqlDebug?: boolean;
    env?: Record<string, string>;
    name?: string;
    /** Node's arguments instead of this checkout's `npm start` (cold-start.ts's COLD_BASELINE). */
    args?: string[];
  } = {},
): Promise<RunningGateway> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !SETTINGS.test(name))),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    ADMIN_TOKEN,
    ...(options.sqlDebug ? { ORM_DEBUG: '1' } : {}),
    ...options.env,
  };
  const since = performance.now();
  const child = start({
    name: options.name ?? (options.sqlDebug ? 'gateway (SQL count)' : 'gateway'),
    // BENCH_NODE_IMPORT: a module the gateway preloads (node --import), e.g. test/bench/stall-probe.js.
    args: options.args ?? (process.env.BENCH_NODE_IMPORT ? ['--import', process.env.BENCH_NODE_IMPORT, ...startArgs()] : startArgs()),
    env,
    countLines: options.sqlDebug ? SQL_LINE : undefined,
  });
  const coldStartMs = await waitReady(child, `${baseUrl}/readyz`, since);
  // The banner (with the key) is printed right after listen(); give stdout a moment.
  let key: string | undefined;
  for (let i = 0; i < 50 && !key; i++) {
    key = /API key[^:]*:\s+(sk_test_[A-Za-z0-9]+)/.exec(child.stdout())?.[1];
    if (!key && /ready in/.test(child.stdout())) break;
    if (!key) await new Promise((r) => setTimeout(r, 20));
  }
  return { child, baseUrl, coldStartMs, bootstrapKey: key };
}

/** Starts the hand-written baseline (baseline.ts) on `databaseUrl`; `env` adds settings (e.g. UNLIMITED). */
export async function startBaseline(databaseUrl: string, env: Record<string, string> = {}): Promise<{ child: Child; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = start({
    name: 'baseline',
    args: [fileURLToPath(new URL('./baseline.ts', import.meta.url))],
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: String(port), PUBLIC_URL: baseUrl },
  });
  await waitReady(child, `${baseUrl}/readyz`, since);
  return { child, baseUrl };
}
