// The CPU of the PostgreSQL backends serving one database (trace.ts with TRACE_PG_CPU=1,
// ab-lists.ts): the utime + stime (/proc) of every backend connected to the bench database, those
// connecting meanwhile counted from their start. Needs the PostgreSQL server on this machine.
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
  const cpuOf = (list: number[]) => list.reduce((total, pid) => total + (cpuMsOf(pid) ?? 0), 0);
  return {
    async start() {
      const before = await pids();
      const from = cpuOf(before);
      return async () => {
        const fresh = (await pids()).filter((pid) => !before.includes(pid));
        return cpuOf(before) - from + cpuOf(fresh);
      };
    },
    end: () => admin.end(),
  };
}
