// The entry of `npm start` (and of every test that spawns a gateway). It turns on Node's on-disk
// compile cache, then loads the gateway: the build in dist/ (bin/build.js, run by `npm ci` and
// `npm run build`; src/run-build.js runs it) when it matches the source (src/build-stamp.js: one
// stat per bundled file, 1-3 ms), else the source (src/start.ts). The build is one script
// instead of ~2,000 modules: on PostgreSQL a restart's CPU went from ~840 ms to ~480 ms
// (docs/start-up.md). `--source` (npm run dev, whose --watch must watch src/) and
// GATEWAY_SOURCE=1 always run the source; GATEWAY_BUILD_DIR names another build folder (tests
// build into a temporary one).
//
// The compile cache: from the second start on, modules' V8 code (and the source's type-stripped
// text) come from the cache instead of being compiled again. It lives where NODE_COMPILE_CACHE
// says, else in the system's temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Nothing but Node's built-ins may be imported statically here: static imports load before this
// module's code runs, and so before the cache is on.
//
// Plain JavaScript on purpose: Node strips the types of a .ts entry before the cache is on, and
// that alone loads the type stripper (amaro, ~200 ms of CPU on every start). With this file in
// JavaScript, a start whose modules are all in the cache never loads it.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

enableCompileCache?.();
// PGlite (the default database): its WebAssembly compiles on background threads while the
// gateway's code loads on this one (src/db/pglite-preload.js).
if (!/^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '')) (await import('./db/pglite-preload.js')).preloadPglite();
const root = fileURLToPath(new URL('../', import.meta.url));
const buildDir = process.env.GATEWAY_BUILD_DIR || `${root}dist`;
const { checkBuild } = await import('./build-stamp.js');
const build = process.argv.includes('--source') || process.env.GATEWAY_SOURCE === '1' ? { stale: 'asked' } : checkBuild(root, buildDir);
// Read by src/start.ts for its ready line: which code runs, and why not the build.
globalThis[Symbol.for('checkout-gateway.runs')] = build.stale === null ? { build: buildDir } : { source: build.stale };
if (build.stale === null) (await import('./run-build.js')).runBuild(buildDir, build.bundleHash);
else await import('./start.ts');
