import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'portal/src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'dist/**'],
    // The suites test the sources: a `gerbang` process they spawn runs src/ through tsx, never a build in dist/.
    env: { GERBANG_SOURCE: '1' },
    pool: 'forks',
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
