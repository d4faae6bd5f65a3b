// Response serializers (fast-json-stringify, Fastify's default) compiled on a route's first
// reply with that status, not at start: Fastify compiles every response schema of every route
// when the app gets ready, and with the faces' routes that was the largest single cost of a
// start (~300 ms of CPU in the start-up profile on PostgreSQL), though most routes of a deployment
// never answer. The same compiler and options as Fastify's default, only later.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = (doc: unknown) => string;

/** Fastify's `schemaController.compilersFactory.buildSerializer`, compiling each serializer on its first use. */
export function lazySerializers(): Factory {
  const build = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let compiled: Serializer | null = null;
      return (doc) => {
        compiled ??= compile(route);
        return compiled(doc);
      };
    };
  };
}
