// The page every Stripe-family error's doc_url opens (LeanRails: /leanrails/docs/errors#<code>),
// one section per code the family answers (StripeCode in errors.ts, so the compiler refuses a
// code without its section), with its HTTP status, type and what to do. Public, static.
import type { StripeCode } from './errors.ts';

export interface ErrorDoc {
  status: string;
  type: string;
  meaning: string;
}

export const ERROR_DOCS: Readonly<Record<StripeCode, ErrorDoc>> = {
  parameter_missing: {
    status: '400',
    type: 'invalid_request_error',
    meaning:
      "A required parameter is missing (`param` names it, in the request's own notation, e.g. `line_items[0][price]`), or the Idempotency-Key header of a POST. Send it and retry.",
  },
  parameter_invalid: {
    status: '400 / 422',
    type: 'invalid_request_error',
    meaning:
      'A parameter has a value the API does not accept: wrong type or format (400), or it breaks a rule of the object, e.g. mixed currencies in one link or an inactive price (422). `param` names it; fix the value.',
  },
  parameter_unknown: {
    status: '400',
    type: 'invalid_request_error',
    meaning: 'The request sent a parameter this endpoint does not know (`param`). Remove it; check the spelling against the OpenAPI document.',
  },
  resource_missing: {
    status: '404',
    type: 'invalid_request_error',
    meaning:
      'No object with that id exists for this key: it was never created, was deleted, belongs to another account, or to the other mode (test vs live). `param` is `id` for the URL, or the body field that named it.',
  },
  resource_already_exists: {
    status: '409',
    type: 'invalid_request_error',
    meaning: 'An object with that unique value (e.g. a slug or lookup key) already exists. Choose another value or update the existing object.',
  },
  resource_in_use: {
    status: '400',
    type: 'invalid_request_error',
    meaning:
      'The object cannot be deleted while something uses it: a product with prices, or one a plan or checkout link sells. Archive it instead (`active=false`).',
  },
  idempotency_key_reused: {
    status: '422',
    type: 'invalid_request_error',
    meaning:
      'This Idempotency-Key was used before with a different request (method, path, body or API version). Use a new key for a new request; resend the same request to get the stored answer.',
  },
  idempotency_key_in_use: {
    status: '409',
    type: 'idempotency_error',
    meaning: 'A request with this Idempotency-Key is still being processed. Retry after a moment; the stored answer is returned then.',
  },
  api_version_invalid: {
    status: '400',
    type: 'invalid_request_error',
    meaning: 'The X-API-Version header names a version this API does not have. The message lists the supported versions; leave the header out for the default.',
  },
  api_key_invalid: {
    status: '401',
    type: 'authentication_error',
    meaning:
      'No API key, or one that is unknown, revoked or malformed. Send your secret key as HTTP Basic user name (`-u sk_test_…:`) or as `Authorization: Bearer sk_test_…`.',
  },
  permission_denied: {
    status: '403',
    type: 'permission_error',
    meaning: 'The key is valid but lacks the scope this endpoint needs (e.g. `product:write`). Use a key with that scope.',
  },
  rate_limit_exceeded: {
    status: '429',
    type: 'rate_limit_error',
    meaning: 'Too many requests in the current window. Wait for the seconds in `Retry-After`, then retry (with the same Idempotency-Key for a POST).',
  },
  request_too_large: {
    status: '413',
    type: 'invalid_request_error',
    meaning: 'The request body is larger than the gateway accepts (1 MiB). Send less data per request.',
  },
  unsupported_media_type: {
    status: '415',
    type: 'invalid_request_error',
    meaning: 'The body is neither `application/x-www-form-urlencoded` nor `application/json`. Send one of those content types.',
  },
  api_error: {
    status: '500',
    type: 'api_error',
    meaning:
      "Something went wrong on the gateway's side; nothing you sent caused it. Retry with the same Idempotency-Key; the error is logged for the operator.",
  },
};

const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function errorDocsPage(): string {
  const sections = Object.entries(ERROR_DOCS)
    .map(
      ([code, doc]) =>
        `<section id="${code}"><h2><a href="#${code}">${code}</a></h2><p class="meta">HTTP ${doc.status} · <code>${doc.type}</code></p><p>${escape(doc.meaning).replace(/`([^`]+)`/g, '<code>$1</code>')}</p></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>LeanRails errors · checkout-gateway</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:820px;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.5rem 0}section:target{background:#fff8d6}.meta{color:#666;margin:0}h2{margin:.3rem 0;font-size:1.1rem}</style></head><body><h1>LeanRails error codes</h1><p>Every error answers <code>{ "error": { "type", "code", "message", "param", "doc_url" } }</code>; <code>doc_url</code> links to the code's section here. The API reference: <a href="/docs">/docs</a>.</p>${sections}</body></html>`;
}
