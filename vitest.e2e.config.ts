import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Browser tests: a real Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) against a
// listening gateway. `npm run test:e2e`. Same module resolution as the unit/integration run
// (one graphql instance).
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
