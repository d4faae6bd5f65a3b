// How the gateway opens PGlite (the driver options of mikro-orm.config.ts): PostgreSQL's start
// parameters, and the WebAssembly module src/main.js started compiling at launch
// (src/db/pglite-preload.js). Imported only on PGlite (mikro-orm.config.ts imports it
// dynamically): it loads the PGlite package.
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * PostgreSQL's shared_buffers in PGlite: 32MB instead of the 128MB initdb writes into the
 * folder's postgresql.conf. In WebAssembly the shared memory is allocated and zeroed when
 * PostgreSQL starts (Emscripten's mmap is malloc + memset), so every page of it is touched
 * before the first query: 146 MB of shared memory at 128MB, 46 MB now, and first-touched
 * memory costs ~3 ms per MB on a virtual machine (page faults), ~0.3 s of every PGlite start.
 * PGlite is one process with one connection, and its data files are read from the operating
 * system's file cache: a page outside the buffers costs one read through Node's fs. 32MB
 * (4,096 pages) holds the gateway's working set on a small database; durability is unchanged
 * (WAL, checkpoints and fsync settings are PGlite's own).
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

/** wal_buffers as before (PostgreSQL's default is 1/32 of shared_buffers: 4MB at 128MB), so that WAL is written as it was. */
export const PGLITE_WAL_BUFFERS = '4MB';

const PGLITE_MODULE = Symbol.for('checkout-gateway.pglite-module');

export async function pgliteDriverOptions(): Promise<PGliteOptions> {
  // Set by src/db/pglite-preload.js when src/main.js started this process; undefined in tests
  // and the CLI (they import the sources), or when the preload failed.
  const pgliteWasmModule = await (globalThis as Record<symbol, Promise<WebAssembly.Module | undefined> | undefined>)[PGLITE_MODULE];
  return {
    // -c on the command line overrides postgresql.conf.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`, '-c', `wal_buffers=${PGLITE_WAL_BUFFERS}`],
    ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
  };
}
