// Every face of the gateway besides /graphql: the REST dialects (one list: registration, the
// /docs spec list, the start-up URLs and the webhook formats derive from it) and the public link
// and checkout pages.
import type { FastifyInstance } from 'fastify';
import { fynn } from '../../adapters/fynn/index.ts';
import type { GatewayCore } from '../contract/gateway-core.ts';
import type { Dialect } from '../../adapters/kernel/dialect.ts';
import { dialectPlugin } from '../../adapters/kernel/runner.ts';
import { leanrails } from '../../adapters/leanrails/index.ts';
import { errorDocsPage } from '../../adapters/kernel/stripe/error-docs.ts';
import { whop } from '../../adapters/whop/index.ts';
import { checkoutPages } from '../checkout/index.ts';
import type { PageCore } from '../checkout/operations.ts';
import type { WebhookFormat } from '../webhooks/format.ts';

/** The composition root re-exports the descriptor type so the rest of src/ never imports adapters/. */
export type { Dialect };

/** The REST dialects, in the order /docs lists them. */
export const DIALECTS: readonly Dialect[] = [fynn, leanrails, whop];

/** Each face's webhook format (body shapes and signatures of its vendor), for the delivery worker. */
export const webhookFormatsOf = (dialects: readonly Dialect[]): WebhookFormat[] => dialects.flatMap((d) => (d.webhookFormat ? [d.webhookFormat] : []));

/** `pages`: the hosted checkout's schema and request contexts (it never sees GatewayCore). */
export async function registerFaces(app: FastifyInstance, core: GatewayCore, pages: PageCore, dialects: readonly Dialect[] = DIALECTS): Promise<void> {
  for (const dialect of dialects) await app.register(dialectPlugin(core, dialect), { prefix: dialect.prefix });
  await app.register(checkoutPages(pages));
  // The page every LeanRails doc_url opens (#<code>): public HTML, outside the dialect's JSON runner.
  const leanrailsErrorDocs = errorDocsPage();
  app.get('/leanrails/docs/errors', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(leanrailsErrorDocs),
  );
}
