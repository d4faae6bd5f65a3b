// `npm run build` (also run by `npm ci` / `npm install` as the `prepare` script): compiles the
// gateway into one file, dist/start.cjs, with esbuild, so that `npm start` loads one pre-compiled
// script instead of ~2,000 modules (ours with their types stripped at run time, and the
// dependencies'). Loading those modules was ~70% of the start's CPU. See docs/start-up.md.
//
// - One entry, src/start.ts -> dist/start.cjs, a CommonJS script: src/run-build.js runs it with
//   a V8 code cache made once the gateway is ready (the functions a start runs come compiled);
//   Node's ES module loader offers no such cache. Code only some starts need (the other
//   database's driver, Swagger UI on /docs, the Redis rate-limit store) is in the file but runs
//   only when first imported, as from source.
// - Kept out of the bundle: PGlite (it loads its WebAssembly and data files next to its own
//   module), pg-native (optional, never installed). They load from node_modules as before.
// - Files that find other files from their own location (import.meta.url, __dirname, e.g.
//   schema/*.graphql, src/db/migrations, src/checkout/views, GraphiQL's assets) get that location
//   rewritten to their source file's, relative to the bundle, so those reads still resolve.
// - dist/stamp.json lists every file of ours in the bundle with its modification time and size
//   (plus package.json and the lock files), and the bundle's hash; src/main.js runs the build
//   only while they all still match (src/build-stamp.js), and runs the source otherwise.
//
// Without esbuild (an install without dev dependencies) it prints a note and exits 0: the
// gateway then runs from source, as before this build existed.
//   node bin/build.js [--outdir <folder>]   (default dist/; tests build into a temporary folder)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, STAMP_FILE, writeStamp } from '../src/build-stamp.js';
import { asciiBundle } from './ascii-bundle.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const outIndex = process.argv.indexOf('--outdir');
const outdir = resolve(ROOT, outIndex > 0 ? (process.argv[outIndex + 1] ?? 'dist') : 'dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('checkout-gateway: esbuild is not installed (no dev dependencies); npm start runs from source.');
  process.exit(0);
}

/** Builds the SDL of schema/ as the gateway does, validation included (throws on an invalid SDL); returns the paths to stamp. */
async function checkSdl() {
  const { mergeTypeDefs } = await import('@graphql-tools/merge');
  const { buildASTSchema } = await import('graphql');
  // The files src/graphql/schema.ts reads (typeDefs): schema/*.graphql, sorted.
  const files = readdirSync(join(ROOT, 'schema'))
    .filter((file) => file.endsWith('.graphql') && !file.startsWith('.'))
    .sort();
  buildASTSchema(mergeTypeDefs(files.map((file) => readFileSync(join(ROOT, 'schema', file), 'utf8'))));
  return ['schema', ...files.map((file) => `schema/${file}`)];
}

/** Words a file uses to find files next to itself. */
const LOCATION = /import\.meta\.(url|resolve)|__dirname|__filename/;

/**
 * Gives every bundled file that uses its own location the location of its source file: the
 * bundle is elsewhere (dist/), and `new URL('../../schema/', import.meta.url)` must still
 * name the schema folder. The location is computed at run time relative to the bundle file,
 * so a checkout moved elsewhere (with its dist/) still works.
 */
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!LOCATION.test(text)) return undefined;
      const fromBundle = relative(outdir, args.path).split('\\').join('/');
      // Declared with `var` ahead of the file's own code: local to the module's wrapper in the
      // bundle. Not import.meta itself: esbuild would take a CommonJS file using it for an ES
      // module. __cgBundleUrl is the bundle file's URL (the banner below). import.meta.resolve
      // (MikroORM's package version check) resolves from the source file, as require does.
      const prelude =
        `var __cgSourceUrl = new URL(${JSON.stringify(fromBundle)}, __cgBundleUrl).href;` +
        (/__dirname|__filename/.test(text) && !/\b(var|let|const)\s+__(dirname|filename)\b/.test(text)
          ? ' var __filename = __cgFileUrlToPath(__cgSourceUrl); var __dirname = __cgFileUrlToPath(new URL(".", __cgSourceUrl).href);'
          : '');
      const ext = extname(args.path);
      return {
        contents: `${prelude}\n${text.replaceAll('import.meta.url', '__cgSourceUrl').replaceAll('import.meta.resolve(', '__cgResolve(__cgSourceUrl, ')}`,
        loader: ext === '.ts' ? 'ts' : 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/** Packages loaded from node_modules as they are (see the top of this file). */
const EXTERNAL = /^@electric-sql\/pglite(\/|$)/;

/**
 * Imports of EXTERNAL packages become relative paths from the bundle to the files in
 * node_modules, so that a build in any folder (the tests build into a temporary one) loads
 * the same files as the source.
 */
const externalFromSource = {
  name: 'external-from-source',
  setup(build) {
    build.onResolve({ filter: EXTERNAL }, async (args) => {
      if (args.pluginData === 'external-from-source') return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'external-from-source',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      const path = relative(outdir, found.path).split('\\').join('/');
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
/** A failed build during `npm install` (prepare) must not fail the install: npm start then runs the source. */
function failed(error) {
  if (process.env.npm_lifecycle_event !== 'prepare') throw error;
  console.error(`checkout-gateway: the build failed, npm start runs from source (npm run build shows why): ${error.message}`);
  process.exit(0);
}

const result = await esbuild
  .build({
    absWorkingDir: ROOT,
    entryPoints: ['src/start.ts'],
    outfile: join(outdir, BUNDLE_FILE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    // MikroORM and error messages read class and function names; keep them as written.
    keepNames: true,
    // Strings and identifiers escaped to ASCII (esbuild's default; bin/ascii-bundle.js does the comments).
    charset: 'ascii',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    external: ['pg-native'],
    plugins: [externalFromSource, sourceLocation],
    // The bundle's own URL, from which bundled modules find their source files (sourceLocation).
    banner: {
      js: [
        "const __cgBundleUrl = require('node:url').pathToFileURL(__filename).href;",
        "const __cgFileUrlToPath = require('node:url').fileURLToPath;",
        "const __cgResolve = (from, specifier) => require('node:url').pathToFileURL(require('node:module').createRequire(from).resolve(specifier)).href;",
      ].join(' '),
    },
  })
  .catch(failed);

// Pure ASCII: V8 keeps it as one byte per character (bin/ascii-bundle.js).
const bundleFile = join(outdir, BUNDLE_FILE);
const ascii = await asciiBundle(esbuild, readFileSync(bundleFile, 'utf8')).catch(failed);
if (ascii.note) console.log(`checkout-gateway: the bundle is not pure ASCII: ${ascii.note}.`);
else writeFileSync(bundleFile, ascii.text);

// Our own files in the bundle (not node_modules'), by path from the repository's root.
const ours = Object.keys(result.metafile.inputs)
  .map((input) => relative(ROOT, resolve(ROOT, input)).split('\\').join('/'))
  .filter((file) => !file.startsWith('..') && !file.includes('node_modules/'));
// The code cache src/run-build.js keeps is named by this hash: V8 itself only checks a cached
// script's length.
const bundleHash = createHash('sha256').update(readFileSync(bundleFile)).digest('hex').slice(0, 16);
// The GraphQL SDL (schema/*.graphql, read at run time): validated here, so that a start from this
// build skips graphql-js's SDL validation (src/graphql/schema.ts, ~1/3 of the schema build);
// the folder and its files are stamped, so an edited, added or removed file makes the build stale.
const sdlFiles = await checkSdl().catch(failed);
writeStamp(ROOT, outdir, [...ours, ...sdlFiles], bundleHash);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(
  `checkout-gateway: built ${relative(ROOT, outdir) || '.'}/ (${Object.keys(result.metafile.inputs).length} modules, ${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms; ${relative(ROOT, outdir)}/${STAMP_FILE} lists ${ours.length} source files`,
);
