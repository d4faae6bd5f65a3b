// One access line per request ('request completed' with req, res and the response time) instead
// of Fastify's two (incoming + completed). Under load the log is a large share of a request's
// CPU: profiled on the bench's LeanRails and Fynn retrieves at the default level (info), the
// log's writes alone were ~11% of the gateway's busy CPU with two lines per request. The line
// goes through the logger's own serialisers (req/res), so their redaction applies unchanged;
// every other log of Fastify's (errors, not found, stream errors) stays as it was.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino } from 'pino';

class AccessLineController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Fastify options for the access line. */
export const accessLogOptions = () => ({ logController: new AccessLineController() });

/**
 * Where the log goes: stdout, written asynchronously. The default destination writes every line
 * with its own synchronous write(2): profiled on the Whop retrieve (400 sequential requests,
 * PostgreSQL), that write was ~11% of the gateway's busy CPU per request. Asynchronous, the
 * lines written while a write is in flight leave together in the next one (one system call for
 * many lines under load, a line at once when idle), and what is pending is flushed synchronously
 * when the process exits (pino registers the flush on exit; a kill -9 loses at most the lines of
 * the write in flight).
 */
export const logDestination = () => pino.destination({ dest: 1, sync: false, minLength: 0 });
