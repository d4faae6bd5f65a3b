// The webhook scenario of `npm run bench` (#12): completions to delivered webhook events per
// second, and the lag from the commit of each completion's event to its delivery.
//
// The gateway is started as the bench starts it (npm start's settings: the webhook worker on,
// its defaults). A receiver on 127.0.0.1 answers 200 to everything and notes when each request
// arrived; a STANDARD-format endpoint (test mode: http and loopback are allowed) subscribes to
// `checkout_session.completed`. N checkouts are then completed, C at a time, as buyers do: a cart
// made by the merchant's server (GraphQL createCart), then the hosted page's form posted with the
// paying test card. Each delivery's lag is its arrival minus the event's `timestamp` (the event
// row is written in the completion's transaction, so this is commit to delivery, plus the
// transaction's own few milliseconds). Events per second: the N delivered events over the time
// from the first completion request to the last delivery.
//
// Env: BENCH_WEBHOOK_COMPLETIONS (N, default 200: under the anonymous rate limit of the page's
// POST, 300 a minute per address), BENCH_WEBHOOK_CONCURRENCY (C, default 20).
import { createServer } from 'node:http';
import { startGateway } from './gateway.ts';
import { stop } from './processes.ts';
import { graphqlClient } from './seed.ts';

export interface WebhookBenchSettings {
  completions: number;
  concurrency: number;
}

export interface WebhookBenchResult {
  completions: number;
  concurrency: number;
  /** Completions that answered the page's 303. */
  completed: number;
  /** Distinct events delivered within the wait. */
  delivered: number;
  /** Completions per second (the completion requests alone). */
  completionsPerSecond: number;
  /** Delivered events per second, first completion request to last delivery. */
  eventsPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  note: string;
}

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', card_name: 'Bench Buyer' };

/** The q-quantile (nearest rank) of sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

interface Arrival {
  id: string;
  at: number;
  committedAt: number;
}

async function startReceiver(): Promise<{ url: string; arrivals: Map<string, Arrival>; close: () => Promise<void> }> {
  const arrivals = new Map<string, Arrival>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(200).end('ok');
      const id = String(req.headers['webhook-id'] ?? '');
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; timestamp?: string };
        if (id && body.type === 'checkout_session.completed' && !arrivals.has(id)) arrivals.set(id, { id, at, committedAt: Date.parse(body.timestamp ?? '') });
      } catch {
        // not an event: ignored
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('webhook receiver: no address');
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One buyer: a cart (GraphQL createCart with the merchant's key), then the page's form with the paying card. */
async function completeOne(baseUrl: string, gql: ReturnType<typeof graphqlClient>, linkId: string, i: number): Promise<boolean> {
  const data = await gql('mutation ($input: CreateCartInput!) { createCart(input: $input) { checkoutSession { id } userErrors { message } } }', {
    input: { checkoutLinkId: linkId },
  });
  const id = data.createCart.checkoutSession?.id as string | undefined;
  if (!id) throw new Error(`createCart: ${JSON.stringify(data.createCart.userErrors)}`);
  const res = await fetch(`${baseUrl}/checkout/${id}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...CARD, email: `bench-${i}@example.com` }).toString(),
  });
  await res.arrayBuffer();
  return res.status === 303;
}

/**
 * Runs the scenario on a gateway started at defaults on `databaseUrl`, with `key` (a test-mode key
 * with every scope, used by nothing else).
 */
export async function measureWebhooks(databaseUrl: string, key: string, settings: WebhookBenchSettings): Promise<WebhookBenchResult> {
  const receiver = await startReceiver();
  const gateway = await startGateway(databaseUrl, { name: 'gateway (webhooks)' });
  try {
    const gql = graphqlClient(gateway.baseUrl, key);
    const made = await gql(
      'mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { message } } }',
      { input: { url: receiver.url, format: 'STANDARD', enabledEvents: ['checkout_session.completed'] } },
    );
    if (made.createWebhookEndpoint.userErrors.length > 0) throw new Error(`createWebhookEndpoint: ${JSON.stringify(made.createWebhookEndpoint.userErrors)}`);
    const link = await gql('mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id } userErrors { message } } }', {
      input: { title: 'Webhook bench', lineItems: [{ priceData: { productName: 'Webhook bench seat', currency: 'EUR', unitAmount: 1900 }, quantity: 1 }] },
    });
    const linkId = link.createCheckoutLink.checkoutLink?.id as string | undefined;
    if (!linkId) throw new Error(`createCheckoutLink: ${JSON.stringify(link.createCheckoutLink.userErrors)}`);

    const started = Date.now();
    let next = 0;
    let completed = 0;
    const failures: string[] = [];
    const worker = async () => {
      while (next < settings.completions) {
        const i = next++;
        try {
          if (await completeOne(gateway.baseUrl, gql, linkId, i)) completed++;
          else failures.push('not 303');
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, settings.completions) }, worker));
    const completedAt = Date.now();

    // Every completion's event delivered, or 30 s more at most.
    const deadline = Date.now() + 30_000;
    while (receiver.arrivals.size < completed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const arrivals = [...receiver.arrivals.values()];
    const lags = arrivals
      .map((a) => a.at - a.committedAt)
      .filter((n) => Number.isFinite(n))
      .sort((a, b) => a - b);
    const last = Math.max(completedAt, ...arrivals.map((a) => a.at));
    const notes = [
      ...(failures.length > 0 ? [`${failures.length} completions failed (${[...new Set(failures)].slice(0, 3).join('; ')})`] : []),
      ...(arrivals.length < completed ? [`${completed - arrivals.length} events not delivered within 30 s of the last completion`] : []),
    ];
    return {
      completions: settings.completions,
      concurrency: settings.concurrency,
      completed,
      delivered: arrivals.length,
      completionsPerSecond: completed / Math.max(0.001, (completedAt - started) / 1000),
      eventsPerSecond: arrivals.length / Math.max(0.001, (last - started) / 1000),
      lagP50Ms: quantile(lags, 0.5),
      lagP99Ms: quantile(lags, 0.99),
      lagMaxMs: lags.at(-1) ?? Number.NaN,
      note: notes.join('; '),
    };
  } finally {
    await stop(gateway.child);
    await receiver.close();
  }
}

/** The report's section (markdown). */
export function webhookMarkdown(r: WebhookBenchResult): string {
  return [
    '| webhooks (STANDARD endpoint, local receiver) | completions | delivered | completions/s | delivered events/s | lag p50 ms | lag p99 ms | lag max ms | note |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
    `| ${r.completions} checkouts, ${r.concurrency} at a time, commit -> delivery | ${r.completed} | ${r.delivered} | ${r.completionsPerSecond.toFixed(1)} | ${r.eventsPerSecond.toFixed(1)} | ${r.lagP50Ms} | ${r.lagP99Ms} | ${r.lagMaxMs} | ${r.note} |`,
  ].join('\n');
}
