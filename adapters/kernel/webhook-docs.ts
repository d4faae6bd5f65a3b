// OpenAPI 3.1 `webhooks` entries: what a face POSTs to its merchants' endpoints (one entry per
// event type: the signature headers, the body's JSON schema, how to verify). Each face lists its
// own in adapters/<face>/webhook-docs.ts; registerOpenApi puts them in the face's document.

export type JsonSchema = Record<string, unknown>;

export interface WebhookDoc {
  post: {
    summary: string;
    description: string;
    operationId: string;
    tags: string[];
    parameters: { name: string; in: 'header'; required: boolean; description: string; schema: JsonSchema }[];
    requestBody: { required: true; content: { 'application/json': { schema: JsonSchema } } };
    responses: Record<string, { description: string }>;
  };
}

export interface WebhookHeader {
  name: string;
  description: string;
  pattern?: string;
}

/** A nullable type ("string" -> ["string", "null"]). */
export const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });

/** An object schema whose listed fields are all required (more may appear). */
export function objectOf(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return { type: 'object', ...(description ? { description } : {}), required: Object.keys(properties), properties };
}

const RESPONSES = {
  '2XX': { description: 'Received. Any 2xx within WEBHOOK_TIMEOUT_MS (default 10 s) counts as delivered.' },
  '410': { description: 'Gone: the endpoint is disabled and gets nothing more.' },
  default: {
    description:
      'Anything else (or no answer in time, or a redirect, which is not followed) is retried on WEBHOOK_RETRY_SCHEDULE (default 1m, 5m, 30m, 2h, 8h, 24h, 72h after the first attempt).',
  },
};

/** One entry per event type, each with the face's headers and its body schema. */
export function webhookDocs(
  face: string,
  verify: string,
  headers: WebhookHeader[],
  bodies: Record<string, { summary: string; schema: JsonSchema }>,
): Record<string, WebhookDoc> {
  return Object.fromEntries(
    Object.entries(bodies).map(([type, { summary, schema }]) => [
      type,
      {
        post: {
          summary,
          description: `Sent as POST with a JSON body to every enabled ${face} webhook endpoint subscribed to \`${type}\` (or \`*\`), at least once, in about a second after the change commits. ${verify}`,
          operationId: `webhook_${type.replace(/[^a-z0-9]+/gi, '_')}`,
          tags: ['Webhooks'],
          parameters: headers.map((h) => ({
            name: h.name,
            in: 'header' as const,
            required: true,
            description: h.description,
            schema: { type: 'string', ...(h.pattern ? { pattern: h.pattern } : {}) },
          })),
          requestBody: { required: true, content: { 'application/json': { schema } } },
          responses: RESPONSES,
        },
      },
    ]),
  );
}
