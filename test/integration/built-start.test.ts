// `npm start` from the build (bin/build.js -> dist/, run by `npm ci`): the bundled gateway starts,
// migrates an empty database (migration files imported through MikroORM's hook), answers
// /healthz, GraphQL, GraphiQL's own files and /docs (files found from their source's location,
// e.g. schema/*.graphql, views, Swagger UI's assets), saves its code cache (the first start's
// under its own name, replaced by the first restart's) and starts again with it; and a build whose stamp no longer matches the source is not used (src/main.js runs the
// source and says why). Built into a temporary folder (GATEWAY_BUILD_DIR), so that the
// repository's own dist/ is left alone while other tests start gateways from it. The bundle is
// pure ASCII (bin/ascii-bundle.js: dependencies' comments hold characters outside it, and one
// such character makes V8 keep the whole 10 MB script as a two-byte string).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot as root, spawnGateway, useEmptyDatabase } from '../support/spawned-gateway.ts';

const database = useEmptyDatabase(
  'cg-built-start-',
  (dir) => {
    const build = spawnSync(process.execPath, ['bin/build.js', '--outdir', join(dir, 'dist')], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}${build.stdout}`);
  },
  120_000,
);
const buildDir = () => join(database.dir, 'dist');
const start = () => spawnGateway(database.url, { GATEWAY_BUILD_DIR: buildDir(), GATEWAY_SOURCE: '' });

describe('npm start from the build', () => {
  it('is pure ASCII', () => {
    const bundle = readFileSync(join(buildDir(), 'start.cjs'));
    const outside = bundle.findIndex((byte) => byte > 0x7f);
    // null, or the text around the first byte outside ASCII.
    expect(outside === -1 ? null : bundle.subarray(Math.max(0, outside - 60), outside + 20).toString('utf8')).toBeNull();
  });

  it('starts from the build, migrates, and answers /healthz, GraphQL, GraphiQL and /docs', async () => {
    const gateway = await start();
    expect(gateway.banner).toContain(`from the build in ${buildDir()}`);
    const key = /sk_test_[0-9A-Za-z]{32}/.exec(gateway.banner)?.[0] ?? '';
    expect(key).not.toBe('');
    expect((await fetch(`${gateway.baseUrl}/healthz`)).status).toBe(200);
    const res = await fetch(`${gateway.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug salesChannels { name } } mode } }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { organisation: { slug: 'default', salesChannels: [{ name: 'default' }] }, mode: 'TEST' } } });
    // Our own file next to src/http/graphiql.ts, and one resolved from the graphiql package.
    const page = await fetch(`${gateway.baseUrl}/graphiql/assets/start.js`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(root, 'src/http/graphiql/start.js'), 'utf8'));
    expect((await fetch(`${gateway.baseUrl}/graphiql/assets/graphiql.min.css`)).status).toBe(200);
    // Swagger UI (a chunk loaded on first use) serves its static files from its package folder.
    const docs = await fetch(`${gateway.baseUrl}/docs/static/swagger-ui.css`);
    expect(docs.status).toBe(200);
    expect(await gateway.stop()).toBe(0);

    // The V8 code cache (src/run-build.js): a first start (migrations, bootstrap) saves one under
    // its own name, used until the first plain restart saves the cache proper; the start after
    // it runs with that.
    const caches = () => readdirSync(buildDir()).filter((file) => file.endsWith('.v8-cache'));
    expect(caches()).toEqual([expect.stringMatching(/^start\.cjs\.[0-9a-f]{16}\.(postgres|pglite)\.first-start\.v8-cache$/)]);
    const restart = await start();
    expect(restart.banner).toContain(`from the build in ${buildDir()}`);
    expect(await restart.stop()).toBe(0);
    expect(caches()).toEqual([expect.stringMatching(/^start\.cjs\.[0-9a-f]{16}\.(postgres|pglite)\.v8-cache$/)]);
    const again = await start();
    expect(again.banner).toContain(`from the build in ${buildDir()}`);
    const viewer = await fetch(`${again.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug } } }' }),
    });
    expect(await viewer.json()).toEqual({ data: { viewer: { organisation: { slug: 'default' } } } });
    expect(await again.stop()).toBe(0);
  }, 120_000);

  it('stamps schema/ and each of its .graphql files (the SDL the build validated, so that a start from it skips that validation)', () => {
    const stamp = JSON.parse(readFileSync(join(buildDir(), 'stamp.json'), 'utf8')) as { files: Record<string, [number, number] | null> };
    const sdl = readdirSync(join(root, 'schema')).filter((file) => file.endsWith('.graphql'));
    expect(sdl.length).toBeGreaterThan(0);
    for (const file of ['schema', ...sdl.map((file) => `schema/${file}`)]) expect(stamp.files[file], file).toBeTruthy();
  });

  it('runs the source, and says so, once a file in the build changed', async () => {
    const stampFile = join(buildDir(), 'stamp.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { files: Record<string, [number, number] | null> };
    const was = stamp.files['src/start.ts'];
    expect(was).toBeTruthy();
    // As if src/start.ts had been saved after the build.
    stamp.files['src/start.ts'] = [(was?.[0] ?? 0) - 1000, was?.[1] ?? 0];
    writeFileSync(stampFile, JSON.stringify(stamp));
    const gateway = await start();
    expect(gateway.banner).toContain('from source (the build is out of date: src/start.ts changed; npm run build)');
    expect((await fetch(`${gateway.baseUrl}/healthz`)).status).toBe(200);
    expect(await gateway.stop()).toBe(0);
  }, 120_000);
});
