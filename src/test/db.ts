import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../db/db.ts';
import { ensurePostgresTemplate, prepare, withDatabase } from './template.ts';

/**
 * A fresh, migrated database with the region reference data, for one test file: in-memory PGlite by
 * default, or a new database on the server named by TEST_DATABASE_URL (copied from the template, dropped by
 * `close`). Never a mock.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = process.env.GERBANG_TEST_PGLITE_TEMPLATE;
    if (template) return openPglite(undefined, new Blob([readFileSync(template)]));
    const db = await openPglite();
    await prepare(db);
    return db;
  }
  return (await createPostgresTestDb(url)).db;
}

/**
 * A fresh database on the PostgreSQL server at `url` (copied from the template) and its own URL, for tests
 * whose gateway processes connect to it themselves. `db.close()` drops it.
 */
export async function createPostgresTestDb(url: string): Promise<{ db: Db; url: string }> {
  const template = await ensurePostgresTemplate(url);
  const name = `gerbang_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const own = withDatabase(url, name);
  const db = await openPostgres(own);
  const close = db.close.bind(db);
  return {
    url: own,
    db: Object.assign(Object.create(Object.getPrototypeOf(db) as object) as Db, db, {
      close: async () => {
        await close();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    }),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
