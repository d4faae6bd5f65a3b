// src/main.js on PGlite compiles PGlite's WebAssembly at launch (src/db/pglite-preload.js), on
// V8's background threads while the gateway's code loads, and PGlite.create instantiates that
// module instead of reading and compiling pglite.wasm itself (docs/start-up.md); on PostgreSQL
// nothing of PGlite is compiled. Observed in a gateway started as `npm start` starts it (the build
// when it is up to date, else the source) through test/support/wasm-probe.js, which records the
// process's WebAssembly.compile and WebAssembly.instantiate calls.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { repositoryRoot, spawnGateway, useEmptyDatabase } from '../support/spawned-gateway.ts';

/** pglite.wasm's size: how the probe's records name it. */
const PGLITE_WASM_BYTES = statSync(join(dirname(createRequire(`${repositoryRoot}package.json`).resolve('@electric-sql/pglite')), 'pglite.wasm')).size;

const database = useEmptyDatabase('cg-pglite-preload-');

/** The WebAssembly calls of one start of the gateway (first start, then a restart on the same database). */
async function wasmCallsOfAStart(name: string): Promise<Record<string, unknown>[]> {
  const file = join(database.dir, `${name}.jsonl`);
  const gateway = await spawnGateway(database.url, {
    NODE_OPTIONS: `--import=${join(repositoryRoot, 'test/support/wasm-probe.js')}`,
    WASM_PROBE_FILE: file,
  });
  expect((await fetch(`${gateway.baseUrl}/healthz`)).status).toBe(200);
  expect(await gateway.stop()).toBe(0);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No WebAssembly at all.
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.runIf(!onPostgres())('PGlite: its WebAssembly compiled at launch', () => {
  it('src/db/pglite-preload.js compiles pglite.wasm, and PGlite instantiates that module (never the file from bytes)', async () => {
    for (const start of ['first', 'restart']) {
      const calls = await wasmCallsOfAStart(start);
      expect(calls.filter((c) => c.call === 'compile' && c.bytes === PGLITE_WASM_BYTES)).toEqual([
        { call: 'compile', bytes: PGLITE_WASM_BYTES, from: 'src/db/pglite-preload.js' },
      ]);
      // The gateway's PGlite: the preloaded module. (A first start also runs initdb.wasm, its own file.)
      expect(calls).toContainEqual({ call: 'instantiate', module: PGLITE_WASM_BYTES });
      expect(calls).not.toContainEqual({ call: 'instantiate', bytes: PGLITE_WASM_BYTES });
    }
  }, 120_000);
});

describe.runIf(onPostgres())('PostgreSQL: nothing of PGlite compiled', () => {
  it('a gateway on PostgreSQL compiles and instantiates no pglite.wasm', async () => {
    for (const start of ['first', 'restart']) {
      const calls = await wasmCallsOfAStart(start);
      expect(calls.filter((c) => c.bytes === PGLITE_WASM_BYTES || c.module === PGLITE_WASM_BYTES)).toEqual([]);
    }
  }, 120_000);
});
