// The access line and the per-request logger (src/http/access-log.ts): one 'request completed'
// line per request with reqId, req, res and responseTime, whether or not the request logged
// anything else, and every line a request logs carries its reqId. Real HTTP on a Fastify
// instance with the gateway's log options, its lines captured from the logger's stream.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogOptions, loggerOptions } from '../../../src/http/access-log.ts';

const lines: Record<string, unknown>[] = [];
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify({
    ...accessLogOptions(),
    logger: {
      ...loggerOptions('info'),
      stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    },
  });
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/chatty', async (request) => {
    request.log.warn({ step: 1 }, 'a handler warning');
    request.log.debug('below the level: not written');
    return { ok: true };
  });
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  app.get('/own-level', { logLevel: 'warn' }, async (request) => {
    request.log.info('below the route level: not written');
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => app.close());

/** The lines logged for one request (by its reqId, taken from its access line). */
async function linesOf(path: string): Promise<Record<string, unknown>[]> {
  const from = lines.length;
  await (await fetch(base + path)).arrayBuffer();
  // The access line is written when the response has finished.
  for (let i = 0; i < 50 && !lines.slice(from).some((l) => String(l.msg).startsWith('request ')); i++) await new Promise((r) => setTimeout(r, 10));
  const access = lines.slice(from).find((l) => String(l.msg).startsWith('request '));
  expect(access, `no access line for ${path}`).toBeDefined();
  return lines.slice(from).filter((l) => l.reqId === access?.reqId);
}

describe('access line', () => {
  it('one line per request, with reqId, req, res and responseTime, in the order the child logger wrote them', async () => {
    const [line, ...more] = await linesOf('/quiet?x=1');
    expect(more).toEqual([]);
    expect(Object.keys(line ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg']);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/quiet?x=1', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect(line?.reqId).toMatch(/^req-/);
    expect(typeof line?.responseTime).toBe('number');
  });

  it('a handler that logs: its lines and the access line carry the same reqId, and the access line is still one', async () => {
    const got = await linesOf('/chatty');
    expect(got.map((l) => l.msg)).toEqual(['a handler warning', 'request completed']);
    expect(got[0]).toMatchObject({ level: 40, step: 1 });
    expect(Object.keys(got[1] ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg']);
  });

  it('no header reaches the log: Authorization, Cookie and Idempotency-Key are never written', async () => {
    const from = lines.length;
    const secret = `sk_test_${'s'.repeat(32)}`;
    await (
      await fetch(`${base}/chatty`, { headers: { authorization: `Bearer ${secret}`, cookie: 'session=cookie-secret', 'idempotency-key': 'idem-secret' } })
    ).arrayBuffer();
    await (await fetch(`${base}/fails`, { headers: { authorization: `Bearer ${secret}`, cookie: 'session=cookie-secret' } })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    const written = JSON.stringify(lines.slice(from));
    expect(lines.length - from).toBeGreaterThanOrEqual(4);
    for (const leak of [secret, 'cookie-secret', 'idem-secret', 'authorization', 'headers']) expect(written).not.toContain(leak);
  });

  it('requests get distinct reqIds', async () => {
    const [a] = await linesOf('/quiet');
    const [b] = await linesOf('/quiet');
    expect(a?.reqId).not.toBe(b?.reqId);
  });

  it('a failing request: the error line and one access line, both with the reqId', async () => {
    const got = await linesOf('/fails');
    expect(got.filter((l) => String(l.msg).startsWith('request '))).toHaveLength(1);
    expect(got.some((l) => (l.err as { message?: string } | undefined)?.message === 'boom')).toBe(true);
    expect(got.at(-1)).toMatchObject({ res: { statusCode: 500 } });
  });

  it("a route's own log level still applies", async () => {
    const from = lines.length;
    await (await fetch(`${base}/own-level`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.slice(from).map((l) => l.msg)).toEqual([]);
  });
});
