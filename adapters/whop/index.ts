// The Whop dialect (being written): registered under its base path by src/http/faces.ts.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';

export function whopDialect(_core: GatewayCore): FastifyPluginAsync {
  return async () => {};
}
