// One minimum Node version everywhere, and the message an older Node prints: the check itself
// (bin/check-node.js), and `npm start` / `npm install` run by every older Node found on this
// machine (the system Node 20 here), as a newcomer would.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript without types (it must parse on old Node versions)
import { minimumNode, nodeVersionProblem } from '../../bin/check-node.js';

const root = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const run = promisify(execFile);

/** Every `node` on PATH (and /usr/bin/node) older than the minimum, with its version. */
function olderNodes(): { path: string; version: string }[] {
  const candidates = new Set<string>(['/usr/bin/node']);
  try {
    for (const line of execFileSync('bash', ['-c', 'which -a node'], { encoding: 'utf8' }).split('\n')) if (line) candidates.add(line);
  } catch {
    // no node on PATH besides ours
  }
  const found: { path: string; version: string }[] = [];
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
      if (Number(version.split('.')[0]) < 24 && !found.some((f) => f.version === version)) found.push({ path, version });
    } catch {
      // not there
    }
  }
  return found;
}

describe('minimum Node version', () => {
  it('is one number: package.json engines, .node-version, .ci/run, README', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };
    expect(pkg.engines.node).toBe('>=24');
    expect(minimumNode()).toEqual([24, 0, 0]);
    expect(read('.node-version').trim()).toBe('24');
    expect(read('.ci/run')).toMatch(/^NODE_MIN_MAJOR=24\nNODE_MIN_MINOR=0$/m);
    expect(read('README.md')).toContain('You need **Node 24** or newer');
    expect(read('README.md')).not.toContain('Node 22.18 or newer also works');
    for (const script of ['preinstall', 'prestart', 'predev', 'precli']) expect(pkg.scripts[script]).toBe('node bin/check-node.js');
  });

  it('names the version needed and how to get it, only below the minimum', () => {
    const message = nodeVersionProblem('20.20.2', [24, 0, 0], '/usr/bin/node') as string;
    expect(message).toContain('needs Node.js 24 or newer');
    expect(message).toContain('this is Node.js 20.20.2 (/usr/bin/node)');
    expect(message).toContain('nvm install 24');
    expect(message).toContain('npm install --prefix ~/.node24 node@24');
    expect(nodeVersionProblem('23.11.1', [24, 0, 0])).toContain('needs Node.js 24');
    expect(nodeVersionProblem('v22.18.0', [24, 0, 0])).not.toBeNull();
    expect(nodeVersionProblem('24.0.0', [24, 0, 0])).toBeNull();
    expect(nodeVersionProblem('24.21.0', [24, 0, 0])).toBeNull();
    expect(nodeVersionProblem('26.1.0', [24, 0, 0])).toBeNull();
    expect(nodeVersionProblem('22.17.9', [22, 18, 0])).toContain('needs Node.js 22.18.0 or newer');
  });
});

const older = olderNodes();

describe.skipIf(older.length === 0)(`on an older Node (${older.map((n) => `${n.version} at ${n.path}`).join(', ') || 'none on this machine'})`, () => {
  it.each(older)('node $version runs bin/check-node.js and stops with the message', async ({ path, version }) => {
    const result = await run(path, ['bin/check-node.js'], { cwd: root }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`this is Node.js ${version}`);
    expect(result.stderr).toContain('needs Node.js 24 or newer');
  });

  it.each(older)('npm start with node $version first on PATH prints the message, not ERR_UNKNOWN_FILE_EXTENSION', async ({ path, version }) => {
    const dir = path.slice(0, path.lastIndexOf('/'));
    const result = await run('npm', ['start'], { cwd: root, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } }).then(
      (ok) => ({ code: 0, stderr: ok.stderr }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`this is Node.js ${version}`);
    expect(result.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });
});
