// Started by src/main.js when the database is PGlite (the default): reads PGlite's WebAssembly
// (10 MB) and compiles it on V8's background threads while the gateway's code loads on the main
// thread (~0.5 s), instead of after it, when MikroORM first connects. src/db/pglite-options.ts
// hands the module to PGlite.create (its `pgliteWasmModule` option); PGlite instantiates it as
// it would the one it compiles itself. Any failure leaves undefined, and PGlite loads its file
// as before. Plain JavaScript: src/main.js imports it before it picks the build or the source.
//
// V8 first runs WebAssembly functions as baseline code (Liftoff) and recompiles a function with
// its optimising compiler (TurboFan) once it has run "enough" (--wasm-tiering-budget). At its
// default, PostgreSQL's own start-up code (run once per start) crossed it, and TurboFan compiled
// it on background threads during every start: measured on an existing PGlite folder,
// PGlite.create with 206,000 page faults (zone memory of those compilations) instead of 59,000
// when nothing is optimised. Ten times the budget leaves the start-up code alone; code that runs
// on every request still crosses it within the first requests. Set before the module is compiled
// (the budget is read then); PGlite only, so a gateway on PostgreSQL runs with V8's defaults.
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';

/** Where src/db/pglite-options.ts finds the promised module (a global: the build and the source share it). */
export const PGLITE_MODULE = Symbol.for('checkout-gateway.pglite-module');

/** V8's default (13,000,000, Node 24) times ten: see the top of this file. */
export const WASM_TIERING_BUDGET = 130_000_000;

export function preloadPglite() {
  let wasm;
  try {
    // The file next to the package's entry, as PGlite finds it (new URL('./pglite.wasm', import.meta.url)).
    wasm = new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'));
  } catch {
    return;
  }
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  globalThis[PGLITE_MODULE] = readFile(wasm)
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
}
