// The public link and hosted checkout pages (being written).
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../../adapters/kernel/core.ts';

export function checkoutPages(_core: GatewayCore): FastifyPluginAsync {
  return async () => {};
}
