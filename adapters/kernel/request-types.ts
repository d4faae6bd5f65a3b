// Request types derived from the routes' JSON schemas, so a body's TypeScript type and its
// validation can never disagree: json-schema-to-ts (`FromSchema`) reads the `as const` schema the
// route already validates with Ajv and serves in OpenAPI. Chosen over TypeBox because every
// dialect's schemas are plain JSON-schema literals already (no rewrite into a builder DSL), it
// is types only (nothing at run time), and it is maintained (3.x, TypeScript 5 support).
// A property with a `default` stays optional: the type says what a client may send.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export type RequestOf<S extends JSONSchema> = FromSchema<S, { keepDefaultedPropertiesOptional: true }>;
