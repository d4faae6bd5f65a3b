import { defineConfig } from 'vitest/config';

// Browser tests: a real Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) against a
// listening gateway. `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
