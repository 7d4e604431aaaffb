import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import dbTemplate from '../../src/test/global-setup.ts';

/** Builds the portal (unless E2E_SKIP_BUILD=1) and the test database template, once per run. */
export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    // The build that ships: vitest sets NODE_ENV=test, under which Vite would bundle React's development build.
    execSync('npm run build:portal --silent', {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } else if (!existsSync(new URL('../../dist/portal/index.html', import.meta.url))) {
    throw new Error('E2E_SKIP_BUILD=1 but dist/portal is not built: run `npm run build:portal` first');
  }
  await dbTemplate();
}
