import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:reliability`: fuzzing, isolation sweep, rate limits, two gateway processes on
// one PostgreSQL, kill -9 mid-load. Long-running and load-heavy: one file at a time.
// FUZZ_RUNS (default 1000) sets the generated bodies per endpoint.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
