// /docs/graphql: the GraphQL schema as a browsable page (every type, field, argument and enum
// value with its description, types linked to their sections), and /docs/graphql/schema.graphql,
// the SDL itself. Rendered once from the executable schema; no script, no external asset.
import type { FastifyInstance } from 'fastify';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  printSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Descriptions are Markdown-ish: paragraphs and `code` are kept, the rest is text. */
const prose = (text: string | null | undefined): string =>
  text
    ? text
        .split(/\n{2,}/)
        .map((paragraph) => `<p>${escape(paragraph).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
        .join('')
    : '';

function typeRef(type: GraphQLType): string {
  const named = getNamedType(type);
  return escape(String(type)).replace(escape(named.name), `<a href="#${named.name}">${named.name}</a>`);
}

const args = (list: readonly GraphQLArgument[]): string =>
  list.length
    ? `(<span class="args">${list.map((a) => `${a.name}: ${typeRef(a.type)}${a.defaultValue !== undefined ? ` = ${escape(JSON.stringify(a.defaultValue))}` : ''}`).join(', ')}</span>)`
    : '';

function fieldRows(fields: readonly (GraphQLField<unknown, unknown> | GraphQLInputField)[]): string {
  return fields
    .map((field) => {
      const fieldArgs = 'args' in field ? field.args : [];
      const argDocs = fieldArgs
        .filter((a) => a.description)
        .map((a) => `<li><code>${a.name}</code>: ${prose(a.description)}</li>`)
        .join('');
      const deprecated = field.deprecationReason ? `<p class="deprecated">Deprecated: ${escape(field.deprecationReason)}</p>` : '';
      return `<tr><td><code>${field.name}${args(fieldArgs)}: ${typeRef(field.type)}</code></td><td>${prose(field.description)}${argDocs ? `<ul>${argDocs}</ul>` : ''}${deprecated}</td></tr>`;
    })
    .join('');
}

function section(type: GraphQLNamedType): string {
  let kind = 'scalar';
  let body = '';
  if (isObjectType(type) || isInterfaceType(type)) {
    kind = isObjectType(type) ? 'type' : 'interface';
    const implemented = type
      .getInterfaces()
      .map((i) => `<a href="#${i.name}">${i.name}</a>`)
      .join(', ');
    body = `${implemented ? `<p>Implements ${implemented}.</p>` : ''}<table>${fieldRows(Object.values(type.getFields()))}</table>`;
  } else if (isInputObjectType(type)) {
    kind = 'input';
    body = `<table>${fieldRows(Object.values(type.getFields()))}</table>`;
  } else if (isEnumType(type)) {
    kind = 'enum';
    body = `<table>${type
      .getValues()
      .map(
        (v) =>
          `<tr><td><code>${v.name}</code></td><td>${prose(v.description)}${v.deprecationReason ? `<p class="deprecated">Deprecated: ${escape(v.deprecationReason)}</p>` : ''}</td></tr>`,
      )
      .join('')}</table>`;
  } else if (isUnionType(type)) {
    kind = 'union';
    body = `<p>One of ${type
      .getTypes()
      .map((t) => `<a href="#${t.name}">${t.name}</a>`)
      .join(', ')}.</p>`;
  } else if (isScalarType(type) && type.specifiedByURL) {
    body = `<p>Specified by ${escape(type.specifiedByURL)}.</p>`;
  }
  return `<section id="${type.name}"><h3><span class="kind">${kind}</span> ${type.name}</h3>${prose(type.description)}${body}</section>`;
}

const GROUPS: [string, (type: GraphQLNamedType) => boolean][] = [
  ['Objects', isObjectType],
  ['Interfaces', isInterfaceType],
  ['Unions', isUnionType],
  ['Input types', isInputObjectType],
  ['Enums', isEnumType],
  ['Scalars', isScalarType],
];

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex}nav{width:260px;height:100vh;overflow:auto;position:sticky;top:0;padding:1rem;background:#f6f7f9;border-right:1px solid #ddd;font-size:13px}main{padding:1rem 2rem;max-width:1100px}nav ul{list-style:none;padding-left:.5rem;margin:.2rem 0 .8rem}h3{margin-top:2rem;border-bottom:1px solid #eee}.kind{color:#888;font-weight:normal}table{border-collapse:collapse;width:100%}td{vertical-align:top;border-top:1px solid #eee;padding:.3rem .5rem}td:first-child{width:45%}td p{margin:0 0 .3rem}code{font-size:13px}.deprecated{color:#a40}a{color:#0b57d0;text-decoration:none}`;

export function renderGraphqlReference(schema: GraphQLSchema, publicUrl: string): string {
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t !== null && t !== undefined);
  const rest = types.filter((t) => !roots.includes(t as never));
  const nav = [
    `<strong>Operations</strong><ul>${roots.map((t) => `<li><a href="#${t.name}">${t.name}</a></li>`).join('')}</ul>`,
    ...GROUPS.map(([title, test]) => {
      const members = rest.filter(test);
      return members.length ? `<strong>${title}</strong><ul>${members.map((t) => `<li><a href="#${t.name}">${t.name}</a></li>`).join('')}</ul>` : '';
    }),
  ].join('');
  const intro = `<h1>checkout-gateway GraphQL reference</h1>
<p>Endpoint: <code>POST ${escape(publicUrl)}/graphql</code> with <code>Authorization: Bearer &lt;API key&gt;</code> (or HTTP Basic with the key as the user name). Every field needs a scope of the key (<code>product:read</code>, <code>checkout-link:write</code>, …); test and live keys see only their own mode's objects.</p>
<p>Explore it in a browser with <a href="/graphiql">GraphiQL</a> (served by the gateway, works offline; the key goes in the Headers tab) or Apollo Sandbox at <a href="/graphql">/graphql</a> (needs network). The SDL: <a href="/docs/graphql/schema.graphql">schema.graphql</a>. The REST faces: <a href="/docs">/docs</a>.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>checkout-gateway · GraphQL reference</title><style>${STYLE}</style></head><body><nav>${nav}</nav><main>${intro}<h2>Operations</h2>${roots.map(section).join('')}${GROUPS.map(
    ([title, test]) => {
      const members = rest.filter(test);
      return members.length ? `<h2>${title}</h2>${members.map(section).join('')}` : '';
    },
  ).join('')}</main></body></html>`;
}

/** The page and the SDL are rendered on their first request (not at start: ~50 ms of CPU), then kept. */
export function registerGraphqlReference(app: FastifyInstance, schema: GraphQLSchema, publicUrl: string): void {
  let page: string | undefined;
  let sdl: string | undefined;
  const csp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
  app.get('/docs/graphql', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .send((page ??= renderGraphqlReference(schema, publicUrl))),
  );
  app.get('/docs/graphql/schema.graphql', async (_request, reply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').send((sdl ??= printSchema(schema))),
  );
}
