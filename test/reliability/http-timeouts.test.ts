// Slow clients cannot hold sockets: a body trickled in (slow-loris), headers never finished and
// idle kept-alive sockets are cut by the HTTP timeouts (REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS,
// KEEP_ALIVE_TIMEOUT_MS), anonymously or not.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let port: number;

beforeAll(async () => {
  gw = await startGateway({ REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1500', KEEP_ALIVE_TIMEOUT_MS: '1000' });
  port = Number(new URL(await gw.listen()).port);
});
afterAll(() => gw?.close());

/** Opens a socket, runs `drive`, resolves with what the server sent and when it closed (ms). */
function session(drive: (socket: Socket) => void): Promise<{ received: string; closedAfter: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = connect(port, '127.0.0.1', () => drive(socket));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ received, closedAfter: Date.now() - started }));
  });
}

describe('HTTP timeouts', () => {
  it('has documented defaults', () => {
    expect(loadConfig({}).timeouts).toEqual({ request: 30_000, headers: 10_000, keepAlive: 5_000, connection: 120_000 });
  });

  it('cuts a declared 100 KB body sent one byte at a time (slow-loris)', async () => {
    let timer: NodeJS.Timeout | undefined;
    const result = await session((socket) => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.orgA.testKey}\r\nContent-Type: application/json\r\nContent-Length: 102400\r\n\r\n`,
      );
      timer = setInterval(() => socket.writable && socket.write('{'), 300);
    });
    clearInterval(timer);
    expect(result.closedAfter).toBeLessThan(6_000);
    expect(result.received).toMatch(/^HTTP\/1\.1 408/);
  }, 20_000);

  it('cuts headers that never end', async () => {
    let timer: NodeJS.Timeout | undefined;
    const result = await session((socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 300);
    });
    clearInterval(timer);
    expect(result.closedAfter).toBeLessThan(6_000);
  }, 20_000);

  it('closes an idle kept-alive socket', async () => {
    const result = await session((socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'));
    expect(result.received).toMatch(/^HTTP\/1\.1 200/);
    expect(result.closedAfter).toBeLessThan(4_000);
  }, 20_000);
});
