// JSON-schema validation for a dialect's routes: bodies are checked strictly (no type
// coercion: a string is not a boolean; no silent removal of unknown properties, so
// additionalProperties:false refuses them); query strings and path parameters are coerced,
// since everything in a URL is a string (a single value becomes an array where one is expected).
import { Ajv, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS: its default export may arrive wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface ValidationOptions {
  /** Report every violation (true) or stop at the first (false, Stripe-style single `param`). */
  allErrors: boolean;
  /** Fill in schema defaults. */
  useDefaults: boolean;
  /**
   * Coerce body values to the schema's types ("5" -> 5), as URLs always are. Off by default:
   * a body is JSON (or a form coerced by its dialect) and its types are the client's.
   */
  coerceBodies?: boolean;
}

function makeAjv(coerce: boolean, { allErrors, useDefaults }: ValidationOptions): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, removeAdditional: false, strict: false, allErrors, useDefaults });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' }); // an OpenAPI-only annotation in route schemas
  return ajv;
}

export function installValidation(instance: FastifyInstance, options: ValidationOptions): void {
  const coercing = makeAjv(true, options);
  const strict = options.coerceBodies ? coercing : makeAjv(false, options);
  instance.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as AnySchema));
}
