// JSON-schema validation for a dialect's routes: bodies are checked strictly (no type
// coercion: a string is not a boolean; no silent removal of unknown properties, so
// additionalProperties:false refuses them); query strings and path parameters are coerced,
// since everything in a URL is a string (a single value becomes an array where one is expected).
import { Ajv, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';

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
  // The Ajv instances too are made on the first compile (two per dialect, each with its formats).
  let coercingAjv: Ajv | null = null;
  let strictAjv: Ajv | null = null;
  const coercing = () => (coercingAjv ??= makeAjv(true, options));
  const strict = () => (options.coerceBodies ? coercing() : (strictAjv ??= makeAjv(false, options)));
  instance.setValidatorCompiler(({ schema, httpPart }) => lazily(httpPart === 'body' ? strict : coercing, schema as AnySchema));
}

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * A validator compiled on its route's first request, not at start: compiling every route's
 * schemas of every face was the largest cost of a cold start (Ajv code generation, ~15% of the
 * start-up CPU profile), and most routes of a deployment are never called. The compiled
 * function's `errors` are handed on, as Fastify reads them from the validator it was given.
 */
function lazily(ajv: () => Ajv, schema: AnySchema): Validate {
  let compiled: Validate | null = null;
  const validate: Validate = (data) => {
    compiled ??= ajv().compile(schema) as Validate;
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  };
  return validate;
}
