// A job a gateway process runs on a timer (event purge, row purge, PGlite's upkeep): once
// `firstMs` after start (if given), then every `intervalMs`; never two runs at once (a run still
// going when the timer fires is not doubled); timers unref'd, so they never keep a process alive;
// a failure is logged and the job runs again at the next interval. `close` stops the timers and
// waits for a run in progress.
export interface PeriodicLog {
  warn(o: object, m: string): void;
}

export interface Periodic {
  close(): Promise<void>;
}

export function startPeriodic(what: string, job: () => Promise<unknown>, log: PeriodicLog, options: { intervalMs: number; firstMs?: number }): Periodic {
  let running: Promise<void> | null = null;
  let closed = false;
  const run = () => {
    if (running || closed) return;
    running = job()
      .then(() => undefined)
      .catch((error: unknown) => {
        if (!closed) log.warn({ err: error }, `${what} failed; retried at the next interval`);
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  const first = options.firstMs === undefined ? null : setTimeout(run, options.firstMs);
  first?.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      if (first) clearTimeout(first);
      await running;
    },
  };
}
