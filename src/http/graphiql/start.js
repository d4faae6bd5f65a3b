// Starts GraphiQL on /graphql. The API key goes in the Headers tab, opened at start:
// {"Authorization": "Bearer sk_test_…"}; it stays in this tab's memory, never saved in the browser.
/* global React, ReactDOM, GraphiQL */
(() => {
  const root = document.getElementById('graphiql');
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() });
  const defaultQuery = [
    '# checkout-gateway GraphQL. Put your API key in the Headers tab below:',
    '#   { "Authorization": "Bearer sk_test_..." }',
    '# then run this with Ctrl+Enter (or the run button).',
    '# The schema reference: /docs/graphql',
    '',
    '{',
    '  viewer {',
    '    organisation { slug }',
    '    mode',
    '    scopes',
    '  }',
    '}',
    '',
  ].join('\n');
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery,
      defaultHeaders: '{\n  \n}',
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
