// The Fynn dialect (being written): registered under its base path by src/http/faces.ts.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';

export function fynnDialect(_core: GatewayCore): FastifyPluginAsync {
  return async () => {};
}
