// One process at a time on a PGlite folder: a pid file tells others (the CLI) who holds it.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = '.gateway.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another live process holding `dir`, or null. */
export function pgliteHolder(dir: string): number | null {
  const file = join(dir, LOCK);
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  return Number.isInteger(pid) && pid !== process.pid && alive(pid) ? pid : null;
}

/** Takes the folder for this process; returns a release function. */
export function lockPglite(dir: string): () => void {
  const file = join(dir, LOCK);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
    } catch {
      /* already gone */
    }
  };
}
