// The log's lines, gathered for a few milliseconds and written together. Each write is a system
// call whatever its size: profiled on sequential retrieves (PostgreSQL), writing the access line
// on its own was ~9% of the gateway's busy CPU (the asynchronous destination gathers only the
// lines logged while a write is in flight, so a line at once unless requests overlap). Gathered
// for LOG_FLUSH_MS, every line still leaves within that time, and what is pending is written
// synchronously when the process exits; a kill -9 loses at most the lines of the last
// LOG_FLUSH_MS.

/** How long a line may wait for others before it is written. */
export const LOG_FLUSH_MS = 50;

/** What the lines go to (a pino destination). */
export interface LogSink {
  write(data: string): unknown;
  flushSync(): void;
}

/** Every batch of this process, flushed at exit (weakly held: a closed app's batch may go). */
const batches = new Set<WeakRef<LogBatch>>();
let exitHook = false;
function flushAtExit(batch: LogBatch): void {
  batches.add(new WeakRef(batch));
  if (exitHook) return;
  exitHook = true;
  // Registered after pino's own exit hook (which runs when the sink is made), so that this
  // synchronous flush writes what is still gathered here.
  process.on('exit', () => {
    for (const ref of batches) {
      try {
        ref.deref()?.flushSync();
      } catch {
        // A sink already closed: nothing more can be written to it.
      }
    }
  });
}

/** The stream the logger writes to: lines gathered, then handed to `sink` together. */
export class LogBatch {
  readonly #sink: LogSink;
  readonly #waitMs: number;
  #pending = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(sink: LogSink, waitMs = LOG_FLUSH_MS) {
    this.#sink = sink;
    this.#waitMs = waitMs;
    flushAtExit(this);
  }

  write(line: string): boolean {
    this.#pending += line;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(this.#handOver, this.#waitMs);
      // A line waiting to be written does not keep the process alive (the exit hook writes it).
      this.#timer.unref();
    }
    return true;
  }

  /** Hands what is gathered to the sink now (asynchronous writes). */
  flush(cb?: (error?: Error) => void): void {
    this.#handOver();
    cb?.();
  }

  /** Writes everything gathered and pending in the sink, synchronously. */
  flushSync(): void {
    this.#handOver();
    this.#sink.flushSync();
  }

  readonly #handOver = (): void => {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending === '') return;
    const lines = this.#pending;
    this.#pending = '';
    this.#sink.write(lines);
  };
}
