/** The base URL of every face, as printed at start-up and in the README. */
export function faceUrls(publicUrl: string): [string, string][] {
  return [
    ['GraphQL', `${publicUrl}/graphql`],
    ['GraphiQL', `${publicUrl}/graphiql`],
    ['Fynn', `${publicUrl}/fynn`],
    ['LeanRails', `${publicUrl}/leanrails`],
    ['Whop', `${publicUrl}/whop/api/v1`],
    ['Public link', `${publicUrl}/checkout-link/{slug}/cart`],
    ['Docs', `${publicUrl}/docs`],
    ['GraphQL docs', `${publicUrl}/docs/graphql`],
    ['Health', `${publicUrl}/healthz`],
  ];
}
