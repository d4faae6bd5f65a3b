// Starts the real gateway (`node src/main.ts`) as a child process on the bench database, with
// rate limits out of the way, and measures its cold start (spawn -> /readyz 200).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, start, waitReady, type Child } from './processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The node arguments of `npm start` (package.json), so the bench measures the gateway exactly as
 * users run it (V8 flags included): "node <flags> src/main.ts" -> [<flags>, <root>/src/main.ts].
 */
export function startArgs(): string[] {
  const script = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const [command, ...args] = script.trim().split(/\s+/);
  if (command !== 'node' || !args.some((a) => a.endsWith('.ts'))) throw new Error(`npm start is not "node [flags] <file>.ts": ${script}`);
  return args.map((a) => (a.endsWith('.ts') ? `${ROOT}${a}` : a));
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

export async function startGateway(databaseUrl: string, options: { sqlDebug?: boolean } = {}): Promise<RunningGateway> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ADMIN_TOKEN,
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_ANONYMOUS_MAX: '1000000000',
    ORM_DEBUG: options.sqlDebug ? '1' : '',
    REDIS_URL: '',
  };
  const since = performance.now();
  const child = start({
    name: options.sqlDebug ? 'gateway (SQL count)' : 'gateway',
    args: startArgs(),
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
