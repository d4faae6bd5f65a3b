// One access line per request ('request completed' with req, res and the response time) instead
// of Fastify's two (incoming + completed). Under load the log is a large share of a request's
// CPU: profiled on the bench's LeanRails and Fynn retrieves at the default level (info), the
// log's writes alone were ~11% of the gateway's busy CPU with two lines per request. The line
// goes through the logger's own serialisers (req/res), so their redaction applies unchanged;
// every other log of Fastify's (errors, not found, stream errors) stays as it was.
//
// No pino child logger per request either: Fastify makes one for every request (its `reqId`
// binding), and on the bench's retrieves making it was ~4% of the gateway's CPU (createChildLogger
// 2.6% + pino's child 1.4%) although most requests log nothing but the access line. The request's
// logger here makes that child on first use only (an error, a warning of a handler), so every
// line it writes is the same; the access line itself goes through the parent logger with the
// same `reqId` field, byte for byte the line the child would have written.
import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import { pino } from 'pino';
import { LogBatch } from './log-batch.ts';
import { serializeRequest } from './url-secrets.ts';

type Log = (...args: unknown[]) => void;

/** A request's logger: the pino child with its bindings, made when something is first logged. */
class RequestLogger implements FastifyBaseLogger {
  readonly parent: FastifyBaseLogger;
  readonly bindings: Bindings;
  #child: FastifyBaseLogger | undefined;
  constructor(parent: FastifyBaseLogger, bindings: Bindings) {
    this.parent = parent;
    this.bindings = bindings;
  }
  /** Whether the child exists (something other than the access line was logged). */
  get made(): boolean {
    return this.#child !== undefined;
  }
  #real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }
  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  fatal(...args: unknown[]): void {
    const real = this.#real();
    (real.fatal as Log).apply(real, args);
  }
  error(...args: unknown[]): void {
    const real = this.#real();
    (real.error as Log).apply(real, args);
  }
  warn(...args: unknown[]): void {
    const real = this.#real();
    (real.warn as Log).apply(real, args);
  }
  info(...args: unknown[]): void {
    const real = this.#real();
    (real.info as Log).apply(real, args);
  }
  debug(...args: unknown[]): void {
    const real = this.#real();
    (real.debug as Log).apply(real, args);
  }
  trace(...args: unknown[]): void {
    const real = this.#real();
    (real.trace as Log).apply(real, args);
  }
  silent(...args: unknown[]): void {
    const real = this.#real();
    (real.silent as Log).apply(real, args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}

/** Fastify's child logger factory: a lazy one, unless the route sets its own level or serialisers. */
function requestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  return new RequestLogger(logger, bindings);
}

class AccessLineController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const log = reply.log;
    if (error) log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else if (log instanceof RequestLogger && !log.made)
      log.parent.info({ ...log.bindings, req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    else log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * The logger's settings. A request is logged as its method, URL (any secret key in it redacted;
 * such requests are refused too), host and address: never its headers, so no Authorization,
 * Cookie or Idempotency-Key can reach the log. No pino `redact` paths either: they named headers
 * the serialiser never writes, and applying them cloned part of every line (~0.9% of the CPU of a
 * retrieve at 50 connections).
 */
export const loggerOptions = (level: string) => ({ level, serializers: { req: serializeRequest } });

/** Fastify options for the access line and the per-request logger. */
export const accessLogOptions = () => ({ logController: new AccessLineController(), childLoggerFactory: requestLogger });

/**
 * Where the log goes: stdout, written asynchronously. The default destination writes every line
 * with its own synchronous write(2): profiled on the Whop retrieve (400 sequential requests,
 * PostgreSQL), that write was ~11% of the gateway's busy CPU per request. Asynchronous, and with
 * the lines of LOG_FLUSH_MS gathered into one write (log-batch.ts), one system call carries many
 * lines; what is pending is flushed synchronously when the process exits (a kill -9 loses at most
 * the lines of the last LOG_FLUSH_MS and of the write in flight).
 */
export const logDestination = () => new LogBatch(pino.destination({ dest: 1, sync: false, minLength: 0 }));
