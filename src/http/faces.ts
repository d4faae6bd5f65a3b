// Every face of the gateway besides /graphql: the REST dialects (one list: registration, the
// /docs spec list and the start-up URLs derive from it) and the public link and checkout pages.
import type { FastifyInstance } from 'fastify';
import { fynn } from '../../adapters/fynn/index.ts';
import type { GatewayCore } from '../../adapters/kernel/core.ts';
import type { Dialect } from '../../adapters/kernel/dialect.ts';
import { dialectPlugin } from '../../adapters/kernel/runner.ts';
import { leanrails } from '../../adapters/leanrails/index.ts';
import { whop } from '../../adapters/whop/index.ts';
import { checkoutPages } from '../checkout/index.ts';

/** The REST dialects, in the order /docs lists them. */
export const DIALECTS: readonly Dialect[] = [fynn, leanrails, whop];

export async function registerFaces(app: FastifyInstance, core: GatewayCore, dialects: readonly Dialect[] = DIALECTS): Promise<void> {
  for (const dialect of dialects) await app.register(dialectPlugin(core, dialect), { prefix: dialect.prefix });
  await app.register(checkoutPages(core));
}
