import pg from 'pg';
import type { Db } from '../src/db/db.ts';
import { loadGeneratedResidents } from '../src/modules/residents/residents.bulk.ts';
import { countResidents } from '../src/modules/residents/residents.repo.ts';

/** The benchmark's own database: DATABASE_URL, or `gerbang_bench` on the local server. */
export const BENCH_DATABASE_URL =
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/gerbang_bench';

/** Creates the database named in `url` when the server does not have it. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await c.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
  } finally {
    await c.end();
  }
}

/**
 * Makes the registry hold exactly `count` generated residents (seed 1), regenerating when it holds another
 * number; with `onlyIfEmpty`, any non-empty registry is kept as it is.
 */
export async function ensureResidents(
  db: Db,
  count: number,
  opts: { onlyIfEmpty?: boolean } = {},
): Promise<void> {
  const have = await countResidents(db);
  if (have === count || (opts.onlyIfEmpty && have > 0)) return;
  console.log(`loading ${count.toLocaleString('en')} residents (had ${have.toLocaleString('en')}) ...`);
  await db.query('TRUNCATE residents');
  const r = await loadGeneratedResidents(db, { seed: 1, count });
  console.log(
    `  ${r.rows.toLocaleString('en')} rows in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.rowsPerSecond)} rows/s)`,
  );
  await db.query('ANALYZE residents');
}
