import { defineConfig } from 'vitest/config';

// `npm run test:fuzz`: the bounded HTTP fuzz of issue #17 (src/**/*.fuzz.ts), apart from `npm test`.
export default defineConfig({
  test: {
    include: ['src/**/*.fuzz.ts'],
    pool: 'forks',
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
