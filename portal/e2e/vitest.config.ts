import { defineConfig } from 'vitest/config';

/**
 * The browser tests (`npm run test:e2e`): journeys through the built portal in Debian's Chromium, each file on
 * its own Gerbang and database. Kept apart from `npm test` (its include is src/ and portal/src/ only).
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['portal/e2e/**/*.e2e.ts'],
    pool: 'forks',
    // One browser at a time: the machine is small, and journeys that fight for CPU time out, not fail.
    fileParallelism: false,
    globalSetup: ['portal/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
