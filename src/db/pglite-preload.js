// Started by src/main.js when the database is PGlite (the default): reads PGlite's WebAssembly
// (10 MB) and compiles it on V8's background threads while the gateway's code loads on the main
// thread (~0.5 s), instead of after it, when MikroORM first connects. src/db/pglite-options.ts
// hands the module to PGlite.create (its `pgliteWasmModule` option); PGlite instantiates it as
// it would the one it compiles itself. Any failure leaves undefined, and PGlite loads its file
// as before. Plain JavaScript: src/main.js imports it before it picks the build or the source.
import { readFile } from 'node:fs/promises';

/** Where src/db/pglite-options.ts finds the promised module (a global: the build and the source share it). */
export const PGLITE_MODULE = Symbol.for('checkout-gateway.pglite-module');

export function preloadPglite() {
  let wasm;
  try {
    // The file next to the package's entry, as PGlite finds it (new URL('./pglite.wasm', import.meta.url)).
    wasm = new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'));
  } catch {
    return;
  }
  globalThis[PGLITE_MODULE] = readFile(wasm)
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
}
