import { createHash } from 'node:crypto';
import pg from 'pg';
import { listMigrations, migrate } from '../db/migrate.ts';
import { openPostgres, type Db } from '../db/db.ts';
import { ensureRegions } from '../modules/regions/regions.repo.ts';

/**
 * Test databases start from a template that already holds the schema and the region reference data
 * (loading 90,000 regions takes seconds; copying a template takes a fraction of that). The template's name
 * carries a hash of the migrations, so a changed schema gets a fresh template.
 */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(m.name).update(m.sql);
  return `gerbang_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function prepare(db: Db): Promise<void> {
  await migrate(db);
  await ensureRegions(db);
}

/** Creates the PostgreSQL template database once (idempotent, safe against a concurrent run). */
export async function ensurePostgresTemplate(url: string): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(4242003)');
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const db = await openPostgres(withDatabase(url, building));
      await prepare(db);
      await db.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    await admin.query('SELECT pg_advisory_unlock(4242003)');
  } finally {
    await admin.end();
  }
  return name;
}
