import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { ensureRegions } from '../modules/regions/regions.repo.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * server named by TEST_DATABASE_URL (created here, dropped by `close`).
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  if (url) {
    const name = `gerbang_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    db = await openPostgres(u.toString());
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    db = await openPglite();
  }
  await migrate(db);
  await ensureRegions(db);
  if (!drop) return db;
  const close = db.close.bind(db);
  return Object.assign(Object.create(Object.getPrototypeOf(db)), db, {
    close: async () => {
      await close();
      await drop!();
    },
  }) as Db;
}
