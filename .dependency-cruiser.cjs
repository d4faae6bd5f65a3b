// Layering of checkout-gateway (`npm run lint:deps`, a step of .ci/run):
// - the core (src/) never imports the faces (adapters/), except the composition root
//   src/http/faces.ts, which lists the dialects;
// - a dialect folder imports only itself, the kernel (adapters/kernel/, with its Stripe-family
//   mechanics) and the neutral modules of src/ (contract, generated operations);
// - no circular dependencies.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-face',
      comment: 'src/ never imports adapters/; only the composition root src/http/faces.ts lists the dialects.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/http/faces\\.ts$' },
      to: { path: '^adapters/' },
    },
    {
      name: 'dialects-are-independent',
      comment: 'A dialect (adapters/<x>) imports no other dialect; shared mechanics live in adapters/kernel/.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/', pathNot: '^adapters/kernel/' },
      to: { path: '^adapters/([^/]+)/', pathNot: ['^adapters/kernel/', '^adapters/$1/'] },
    },
    {
      name: 'kernel-imports-no-dialect',
      comment: 'The kernel serves every dialect and knows none of them.',
      severity: 'error',
      from: { path: '^adapters/kernel/' },
      to: { path: '^adapters/', pathNot: '^adapters/kernel/' },
    },
    {
      name: 'dialects-use-the-core-through-graphql',
      comment:
        'Faces reach the core through typed GraphQL operations: of src/ they import only the neutral contract, the generated operations and the webhook format port.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: ['^src/contract/', '^src/generated/', '^src/webhooks/(format|standard-format)\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment:
        'No module depends on itself through others. Exception: Product and Price reference each other (Product.defaultPrice, Price.product); defineEntity needs both classes and reads them lazily.',
      severity: 'error',
      from: { pathNot: ['^src/domain/entities/(product|price)\\.ts$'] },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (@graphql-typed-document-node/core is a types-only package).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^@graphql-typed-document-node/core$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|src/generated/graphql\\.ts$)' },
    // TypeScript 7's package has no compiler API: swc parses the sources (type-only imports included).
    parser: 'swc',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
