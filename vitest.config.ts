import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite costs ~200-500 MB per instance: keep file parallelism modest on 2-core machines.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
