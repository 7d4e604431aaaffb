import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { openPglite } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';

/**
 * Writes the app's own OpenAPI document (`app.swagger()`, what `/openapi.json` serves) to a file, for the
 * linter (`npm run lint:openapi`) and the SDK's type generator. The app is built on an empty in-memory
 * database: the document depends on the routes only.
 *
 *   node --import tsx scripts/openapi.ts [out.json]     (default: dist/openapi.json)
 */
export async function openapiDocument(): Promise<unknown> {
  const db = await openPglite();
  try {
    await migrate(db);
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      db,
      logger: false,
    });
    try {
      await app.ready();
      return app.swagger();
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'dist/openapi.json';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(await openapiDocument(), null, 2)}\n`);
  console.log(`wrote ${out}`);
}
