// The base URL of every face, as printed at start-up and in the README; the dialects' come from
// the one list of faces.
import type { Dialect } from './faces.ts';
import { DIALECTS } from './faces.ts';

export function faceUrls(publicUrl: string, dialects: readonly Dialect[] = DIALECTS): [string, string][] {
  return [
    ['GraphQL', `${publicUrl}/graphql`],
    ['GraphiQL', `${publicUrl}/graphiql`],
    ...dialects.map((d): [string, string] => [d.name, `${publicUrl}${d.prefix}`]),
    ['Public link', `${publicUrl}/checkout-link/{slug}/cart`],
    ['Docs', `${publicUrl}/docs`],
    ['GraphQL docs', `${publicUrl}/docs/graphql`],
    ['Health', `${publicUrl}/healthz`],
  ];
}
