// One process at a time on a PGlite folder: a pid file tells others (the CLI) who holds it.
// The file holds "<pid> <start>": the holder's pid and, on Linux, its start time (clock ticks
// since boot, /proc/<pid>/stat). A gateway killed with -9 leaves the file behind; when its pid
// is later reused by another process, the start time differs, so the stale lock does not block
// the restart. A file with a pid alone (older gateways) is judged by the pid alone.
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

/** The start time of `pid` (Linux), or null where /proc is not available. */
function startOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may contain spaces, so count after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const content = (): string => [process.pid, startOf(process.pid)].filter((x) => x !== null).join(' ');

/** The pid of another live process holding `dir`, or null. */
export function pgliteHolder(dir: string): number | null {
  const file = join(dir, LOCK);
  if (!existsSync(file)) return null;
  const [pidText, start] = readFileSync(file, 'utf8').trim().split(/\s+/);
  const pid = Number.parseInt(pidText ?? '', 10);
  if (!Number.isInteger(pid) || pid === process.pid || !alive(pid)) return null;
  // The pid is alive: the holder only if it is the same process (not a reuse of its pid).
  if (start !== undefined) {
    const now = startOf(pid);
    if (now !== null && now !== start) return null;
  }
  return pid;
}

/** Takes the folder for this process; returns a release function. */
export function lockPglite(dir: string): () => void {
  const file = join(dir, LOCK);
  const mine = content();
  writeFileSync(file, mine);
  return () => {
    try {
      if (readFileSync(file, 'utf8') === mine) rmSync(file);
    } catch {
      /* already gone */
    }
  };
}
