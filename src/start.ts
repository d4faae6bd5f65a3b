// The gateway's start (loaded by src/main.js): config -> database -> migrations -> first-start bootstrap -> HTTP app -> listen.
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from './config.ts';
import { isPglite, openOrmThen } from './db/orm.ts';
import { pgliteDataDir } from './db/mikro-orm.config.ts';
import { lockPglite, pgliteHolder } from './db/pglite-lock.ts';
import { ensurePostgresDatabase, MissingDatabaseError } from './db/ensure-database.ts';
import { bootstrap } from './domain/services/organisations/organisations.ts';
import { buildApp } from './http/app.ts';
import { faceUrls } from './http/urls.ts';
import { listenFacePorts } from './http/face-ports.ts';

/** Set by src/main.js: the build it loaded, or why it loaded the source. */
const runs = (globalThis as Record<symbol, unknown>)[Symbol.for('checkout-gateway.runs')] as { build: string } | { source: string } | undefined;

function runsFrom(): string {
  if (!runs) return '';
  if ('build' in runs) return `, from the build in ${runs.build}`;
  return runs.source === 'no build' || runs.source === 'asked' ? ', from source' : `, from source (the build is out of date: ${runs.source}; npm run build)`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  let release = () => {};
  if (isPglite(config.databaseUrl)) {
    const dir = pgliteDataDir(config.databaseUrl);
    if (dir !== 'memory://') {
      mkdirSync(dir, { recursive: true });
      const holder = pgliteHolder(dir);
      if (holder) {
        console.error(`The PGlite folder ${dir} is in use by another gateway (pid ${holder}). Stop it, or set DATABASE_URL.`);
        process.exit(1);
      }
      release = lockPglite(dir);
    }
  } else if ((await ensurePostgresDatabase(config.databaseUrl)) === 'created') {
    console.log(`Created PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1)} (it did not exist).`);
  }
  // Migrations and the first-start bootstrap under one start-up lock (PostgreSQL): a second
  // process starting at the same moment waits, then finds both done.
  // V8 drops the compiled code of functions that have not run for a while (bytecode flushing). A
  // first start's migrations run for seconds on PGlite, and the code the start had run before
  // them was gone when src/run-build.js saved the code cache at ready (3.0 MB instead of 5.2 MB;
  // a restart with it ran as without a cache). Kept while the database opens; V8's default is
  // back before the cache is made, so the cache carries the flags every start runs with.
  const flushing = !process.execArgv.includes('--no-flush-bytecode');
  if (flushing) setFlagsFromString('--no-flush-bytecode');
  const {
    orm,
    result: first,
    migrated,
  } = await openOrmThen(config.databaseUrl, {}, (opened) => bootstrap(opened.em.fork())).finally(() => {
    if (flushing) setFlagsFromString('--flush-bytecode');
  });
  const app = await buildApp({ config, orm });

  let closeFaces = async () => {};
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await closeFaces();
    await app.close();
    await orm.close(true);
    release();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const faces = await listenFacePorts(app, config);
  closeFaces = faces.close;
  // Since the process started (performance's time origin): module loading included, as a user waits for it.
  const ms = Math.round(performance.now());
  const lines = [
    '',
    `checkout-gateway ready in ${ms} ms on ${config.databaseUrl.startsWith('pglite') ? `PGlite (${config.databaseUrl})` : 'PostgreSQL'}${runsFrom()}`,
    ...faceUrls(config.publicUrl).map(([name, url]) => `  ${name.padEnd(12)} ${url}`),
    ...faces.ports.map(
      ([face, port]) =>
        `  ${`${face} root`.padEnd(12)} http://${config.host}:${port}/ (${face === 'whop' ? 'base URL http://…/api/v1' : "the vendor's own paths"})`,
    ),
  ];
  if (first) {
    lines.push(
      '',
      `First start: created organisation "${first.organisation.slug}" with sales channel "default" and a test key.`,
      `  API key (shown once, keep it):  ${first.secret}`,
      `  Try: curl -H "Authorization: Bearer ${first.secret}" -H 'content-type: application/json' \\`,
      `         -d '{"query":"{ viewer { organisation { slug } mode } }"}' ${config.publicUrl}/graphql`,
    );
  }
  console.log(lines.join('\n') + '\n');
  // Set by src/run-build.js when it has no code cache yet, or only a first start's: it saves one
  // now that the start's code is compiled, telling a plain restart from a start that migrated or
  // bootstrapped (whose cache lacks much of what a restart runs).
  (globalThis as Record<symbol, ((restart: boolean) => void) | undefined>)[Symbol.for('checkout-gateway.ready')]?.(!migrated && !first);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MissingDatabaseError) console.error(error.message);
  else console.error('checkout-gateway failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
