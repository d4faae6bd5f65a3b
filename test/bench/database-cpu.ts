// The CPU of the PostgreSQL backends serving one database (trace.ts with TRACE_PG_CPU=1,
// ab-lists.ts): the utime + stime (/proc) of every backend connected to the bench database, those
// connecting meanwhile counted from their start, those ending meanwhile left out. Needs the PostgreSQL server on this machine.
import pg from 'pg';
import { cpuMsOf } from './processes.ts';

/** start() returns a function giving the ms the database's backends used since. */
export interface DatabaseCpu {
  start(): Promise<() => Promise<number>>;
  end(): Promise<void>;
}

export async function databaseCpu(serverUrl: string, databaseUrl: string): Promise<DatabaseCpu> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = new URL(databaseUrl).pathname.slice(1);
  const pids = async (): Promise<number[]> =>
    (await admin.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])).rows.map((r) => r.pid as number);
  return {
    async start() {
      const from = new Map((await pids()).map((pid) => [pid, cpuMsOf(pid) ?? 0]));
      // Backends alive at the end: what they used since the start, or since they started. One
      // that ended meanwhile (e.g. the other gateway's pool closing) is left out: counting it as
      // 0 at the end would subtract all it had used before.
      return async () => (await pids()).reduce((total, pid) => total + Math.max(0, (cpuMsOf(pid) ?? 0) - (from.get(pid) ?? 0)), 0);
    },
    end: () => admin.end(),
  };
}
