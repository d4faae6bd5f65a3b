// The dialect's own JSON-schema validators: bodies are checked strictly (no type coercion, no
// silent removal of unknown properties, so additionalProperties:false refuses them); query
// strings and params are coerced (everything in a URL is a string). Form bodies are coerced
// beforehand by body.ts, guided by the same schema.
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, removeAdditional: false, useDefaults: false, allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

export function installValidators(instance: FastifyInstance): void {
  const strict = makeAjv(false);
  const lenient = makeAjv(true);
  instance.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : lenient).compile(schema as AnySchema));
}
