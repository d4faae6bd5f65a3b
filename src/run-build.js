// Runs the build (dist/start.cjs, bin/build.js) as Node runs a CommonJS module, through
// node:vm so that it can keep a V8 code cache made once the gateway is ready: the next start
// gets every function the start ran already compiled, not only the top-level code (Node's
// compile cache saves a module's code right after compiling it, before it runs; lazily compiled
// functions were compiled again on every start). Measured on PostgreSQL: ~80 ms of CPU less per
// restart (~560 -> ~480 ms, docs/start-up.md).
//
// The cache is dist/start.cjs.<bundle hash>.<postgres|pglite>.v8-cache: V8 checks a cache against
// its script's length, its own version and flags, not the script's content, so the name carries
// the hash the build wrote in stamp.json; and a cache holds the functions of the start that saved
// it, so each database kind has its own (a PGlite start's cache lacks the PostgreSQL driver's
// code: measured 660 instead of 500 ms of CPU on PostgreSQL). A cache V8 rejects (Node upgraded, other V8 flags) is written anew
// after that start. Written to a temporary file and renamed, so two gateways starting at once
// never read half a file; a folder that cannot be written only costs the cache.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { BUNDLE_FILE } from './build-stamp.js';

/** Called by src/start.ts once the gateway listens and has printed its banner: true on a plain restart (no migrations, no bootstrap). */
const READY = Symbol.for('checkout-gateway.ready');

export function runBuild(buildDir, bundleHash) {
  const file = join(buildDir, BUNDLE_FILE);
  const kind = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'pglite';
  const cacheFile = `${file}.${bundleHash}.${kind}.v8-cache`;
  // A cache saved by a start that migrated or bootstrapped (a first start) may lack some of what
  // a restart runs (on PGlite it was 3.0 MB against 5.2 MB, until src/start.ts kept V8 from
  // flushing compiled code during migrations; docs/start-up.md). It is kept under its own name,
  // used only until a plain restart saves the cache proper.
  const firstStartCacheFile = `${file}.${bundleHash}.${kind}.first-start.v8-cache`;
  let cachedData = readCache(cacheFile);
  const fromFirstStart = cachedData === undefined && (cachedData = readCache(firstStartCacheFile)) !== undefined;
  // The wrapper Node puts around a CommonJS module; on the first line, so line numbers hold.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  // import() inside a vm script needs a flag Node still calls experimental; the one import() the
  // gateway makes (MikroORM's migrator loading migration files) goes through MikroORM's hook
  // for bundles instead, answered by Node's own loader here.
  globalThis.dynamicImportProvider = (specifier) => import(specifier);
  const script = new Script(source, { filename: file, cachedData });
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  if (!usable || fromFirstStart) {
    globalThis[READY] = (restart) => {
      if (!restart && usable) return;
      try {
        const target = restart ? cacheFile : firstStartCacheFile;
        const temporary = `${target}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, target);
        if (restart && fromFirstStart) rmSync(firstStartCacheFile, { force: true });
      } catch {
        // A read-only build folder: every start compiles as it did without the cache.
      }
    };
  }
  // The build validated the GraphQL SDL and stamped schema/ (bin/build.js): src/graphql/schema.ts
  // skips graphql-js's validation of it.
  globalThis[Symbol.for('checkout-gateway.sdl-checked')] = true;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
}

/** The cache file's bytes, or undefined when there is none. */
function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
