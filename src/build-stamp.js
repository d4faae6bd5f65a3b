// Whether the build in dist/ (bin/build.js) still matches the source, so that `npm start`
// never runs an old bundle: the build writes stamp.json, the modification time and size of
// every file of ours it bundled plus package.json and the lock files (a dependency installed or
// changed); a start compares them with one stat per file (~300 files, a few ms) and runs the
// source instead on any difference, a file gone, or no stamp. Saving a file, `git pull`,
// `git checkout` and `npm install` all change a modification time. Plain JavaScript without
// dependencies: src/main.js loads it before anything is compiled, and bin/build.js uses it.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = 'stamp.json';
/** The bundle in the build folder (bin/build.js writes it, src/run-build.js runs it). */
export const BUNDLE_FILE = 'start.cjs';

/** Files besides the bundled ones whose change makes a build stale (a missing one must stay missing). */
const ALSO = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'bin/build.js'];

/** [modification time in ms, size], or null for a file that does not exist. */
function fingerprint(root, file) {
  const stat = statSync(join(root, file), { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : null;
}

/** Writes <outdir>/stamp.json for `files` (paths from `root`) and the bundle's hash. */
export function writeStamp(root, outdir, files, bundleHash) {
  const all = [...new Set([...files, ...ALSO])].sort();
  const stamp = { bundleHash, files: Object.fromEntries(all.map((file) => [file, fingerprint(root, file)])) };
  writeFileSync(join(outdir, STAMP_FILE), `${JSON.stringify(stamp, null, 1)}\n`);
}

/**
 * { stale: null, bundleHash } when the build in `outdir` matches the files under `root`, else
 * { stale: why not } (for the start-up banner).
 */
export function checkBuild(root, outdir) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(outdir, STAMP_FILE), 'utf8'));
  } catch {
    return { stale: 'no build' };
  }
  const stale = staleFiles(root, stamp);
  return stale === null && typeof stamp.bundleHash === 'string' ? { stale: null, bundleHash: stamp.bundleHash } : { stale: stale ?? 'no build' };
}

function staleFiles(root, stamp) {
  for (const [file, was] of Object.entries(stamp.files ?? {})) {
    const now = fingerprint(root, file);
    if (now === null || was === null) {
      if (now !== was) return `${file} ${now === null ? 'is gone' : 'is new'}`;
    } else if (now[0] !== was[0] || now[1] !== was[1]) return `${file} changed`;
  }
  return stamp.files ? null : 'no build';
}
