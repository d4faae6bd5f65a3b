// Request parsing for the Fynn plugin: JSON bodies (an empty body is allowed, malformed JSON is
// a 400 in the Fynn shape) and Ajv validation without type coercion of bodies (a string is not
// a boolean); query strings and path parameters are coerced as usual.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../kernel/errors.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes, allErrors: true, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(ajv);
  // OpenAPI-only annotations in the route schemas.
  ajv.addKeyword({ keyword: 'example' });
  return ajv;
}

export function installFynnParsing(instance: FastifyInstance): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  instance.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
  // Only JSON (and API Platform's JSON-LD) bodies: anything else is a 415 in the Fynn shape.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(['application/json', 'application/ld+json'], { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new GatewayError('BAD_REQUEST', 'BODY__INVALID_JSON', 'Syntax error: the request body is not valid JSON.', [], 400), undefined);
    }
  });
}
