// Faces at the root of a port of their own (FYNN_PORT, LEANRAILS_PORT, WHOP_PORT): SDKs that take
// only a host and a port (stripe-node, a Whop or Fynn client whose base URL has no room for our
// path prefix) reach their dialect with no proxy. Each such port is a plain HTTP server that
// puts the face's prefix in front of the path and hands the request to the one Fastify app, so
// everything the main port does (input guard, rate limits, auth, timeouts, logs) applies alike.
// `/v1/products` on LEANRAILS_PORT is `/leanrails/v1/products` on PORT; `/api/v1/plans` on
// WHOP_PORT is `/whop/api/v1/plans` (the vendor's own path, /api/v1, stays).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/** The prefix of each face on the main port, before the vendor's own path. */
export const FACE_ROOTS = { fynn: '/fynn', leanrails: '/leanrails', whop: '/whop' } as const;
export type RootFace = keyof typeof FACE_ROOTS;

/** A server for one face: every request is the app's, under that face's prefix. */
export function faceServer(app: FastifyInstance, face: RootFace): Server {
  const prefix = FACE_ROOTS[face];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    // Origin-form paths only ("/v1/…"); anything else (an absolute URL, "*") is the app's to refuse.
    if (request.url?.startsWith('/')) request.url = `${prefix}${request.url}`;
    app.server.emit('request', request, response);
  };
  const server = createServer(handle);
  // The main server's limits (set by the app) hold here too.
  server.requestTimeout = app.server.requestTimeout;
  server.headersTimeout = app.server.headersTimeout;
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  server.timeout = app.server.timeout;
  server.maxHeadersCount = app.server.maxHeadersCount;
  return server;
}

/** Listens on `port` (0 = any) at `host`; resolves with the port. */
export function listenFace(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export function closeFace(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts a root listener for every face with a port in the config; `close` stops them all. */
export async function listenFacePorts(app: FastifyInstance, config: Config): Promise<{ ports: [RootFace, number][]; close(): Promise<void> }> {
  const ports: [RootFace, number][] = [];
  const servers: Server[] = [];
  const close = async () => {
    await Promise.all(servers.map(closeFace));
  };
  try {
    for (const [face, port] of Object.entries(config.facePorts) as [RootFace, number][]) {
      const server = faceServer(app, face);
      servers.push(server);
      ports.push([face, await listenFace(server, port, config.host)]);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { ports, close };
}
