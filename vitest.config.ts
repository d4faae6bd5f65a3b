import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql instance: Node resolves `graphql` to its CJS main (as Apollo and graphql-tools
  // do), while Vite would pick the `module` (.mjs) build for source files, and schemas built by
  // one copy fail `instanceof` checks in the other ("Cannot use GraphQLSchema ... from another
  // module or realm"), e.g. in adapters/kernel/execute.ts.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/reliability/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite costs ~200-500 MB per instance: keep file parallelism modest on 2-core machines.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
