// Every face of the gateway besides /graphql: the dialects, the public link, the docs.
import type { FastifyInstance } from 'fastify';
import type { GatewayCore } from '../../adapters/kernel/core.ts';

export async function registerFaces(_app: FastifyInstance, _core: GatewayCore): Promise<void> {
  // Dialects register here: await app.register(fynn(core), { prefix: '/fynn' }) …
}
