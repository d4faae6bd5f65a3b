// Runs before `npm install` (preinstall), `npm start`, `npm run dev` and `npm run cli` (pre-scripts):
// stops with a message naming the Node version needed and how to get it, instead of npm's
// EBADENGINE warnings and Node's ERR_UNKNOWN_FILE_EXTENSION ".ts". Plain JavaScript that every
// Node since 12 parses; the minimum is read from package.json's engines.node (">=MAJOR[.MINOR]"),
// the one place it is written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The minimum of package.json's engines.node, e.g. ">=24" -> [24, 0, 0]. */
export function minimumNode(packageJson = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'))) {
  const range = packageJson.engines && packageJson.engines.node;
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range || '').trim());
  if (!match) throw new Error(`package.json engines.node must be ">=MAJOR[.MINOR[.PATCH]]", not ${JSON.stringify(range)}`);
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

/** null when `version` (e.g. "20.20.2") is at least the minimum, else the message to print. */
export function nodeVersionProblem(version, minimum = minimumNode(), executable = process.execPath) {
  const have = String(version)
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((have[i] || 0) > minimum[i]) return null;
    if ((have[i] || 0) < minimum[i]) break;
    if (i === 2) return null;
  }
  const needed = minimum[1] || minimum[2] ? minimum.join('.') : String(minimum[0]);
  const major = minimum[0];
  return [
    `checkout-gateway needs Node.js ${needed} or newer (it runs its TypeScript sources directly);`,
    `this is Node.js ${version} (${executable}).`,
    '',
    `Install Node.js ${major} with any one of these, then run the command again in a new shell:`,
    ...[
      [`nvm install ${major} && nvm use ${major}`, 'https://github.com/nvm-sh/nvm'],
      [`fnm install ${major} && fnm use ${major}`, 'https://github.com/Schniz/fnm (reads .node-version)'],
      [`volta install node@${major}`, 'https://volta.sh'],
    ].map(([command, where]) => `  ${command.padEnd(32)} # ${where}`),
    `  npm install --prefix ~/.node${major} node@${major} && export PATH=~/.node${major}/node_modules/.bin:$PATH`,
    `  ${''.padEnd(32)} # no version manager: the npm you have fetches Node ${major}`,
    `or download it from https://nodejs.org/en/download.`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    console.error(`\n${problem}\n`);
    process.exit(1);
  }
}
