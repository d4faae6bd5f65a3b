// How the gateway opens PGlite (the driver options of mikro-orm.config.ts): the WebAssembly module src/main.js started compiling at launch
// (src/db/pglite-preload.js). Imported only on PGlite (mikro-orm.config.ts imports it
// dynamically): it loads the PGlite package.
import type { PGliteOptions } from '@electric-sql/pglite';
import { eventLoopTurns } from './pglite-turns.ts';

// PostgreSQL's start parameters are PGlite's own (shared_buffers 128MB as initdb writes it). A
// 32MB pool made restarts ~0.3 s faster (WebAssembly PostgreSQL zeroes its whole shared memory at
// start) but the bench's creates 25-35% dearer in CPU on a database of a few thousand links
// (pages evicted and written back through Node's fs): docs/start-up.md.

const PGLITE_MODULE = Symbol.for('checkout-gateway.pglite-module');

export async function pgliteDriverOptions(): Promise<PGliteOptions> {
  // Set by src/db/pglite-preload.js when src/main.js started this process; undefined in tests
  // and the CLI (they import the sources), or when the preload failed.
  const pgliteWasmModule = await (globalThis as Record<symbol, Promise<WebAssembly.Module | undefined> | undefined>)[PGLITE_MODULE];
  // Queries leave turns of the event loop between them (pglite-turns.ts).
  return { ...(pgliteWasmModule ? { pgliteWasmModule } : {}), extensions: { turns: eventLoopTurns } };
}
