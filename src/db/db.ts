import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { acquireFolderLock, type FolderLock } from './folder-lock.ts';

/**
 * The one database seam. Services and repositories take a `Db` (or the `Db` of an open transaction) and
 * speak PostgreSQL; whether it is PGlite in-process or a `pg` pool to a server is decided once, here.
 */
export interface Db {
  /**
   * `opts.prepare` names a hot statement: on a PostgreSQL server it is parsed once per connection and its
   * plan kept (the access path's reads); PGlite runs in-process and ignores it.
   */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /** Runs `fn` in one transaction; nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Statements separated by semicolons, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: runs `COPY … FROM STDIN` (`sql`), streaming `chunks` (COPY data, already formatted)
   * with backpressure; returns the rows copied. Inside `transaction` it runs on the transaction's client.
   */
  copyFrom?(sql: string, chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>): Promise<number>;
  readonly kind: 'pglite' | 'postgres';
}

export interface QueryOptions {
  prepare?: string;
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

// Same value shapes on both drivers: dates stay 'YYYY-MM-DD' text (no time-zone shifts), timestamps become
// ISO 8601 UTC strings (what the API answers), int8 and numeric become numbers (counts and quotas stay far
// below 2^53).
const TYPE_DATE = 1082;
const TYPE_TIMESTAMPTZ = 1184;
const TYPE_INT8 = 20;
const TYPE_NUMERIC = 1700;
const parsers = {
  [TYPE_DATE]: (v: string) => v,
  [TYPE_TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
  [TYPE_INT8]: (v: string) => Number(v),
  [TYPE_NUMERIC]: (v: string) => Number(v),
};

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}

/**
 * `dataDir` undefined or 'memory://' gives an in-memory database (tests). `loadDataDir` starts it from a
 * dump made by `dumpPglite` (tests start from a migrated template instead of migrating each time).
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  // A data folder has one owner process (folder-lock.ts): a second PGlite on it would lose writes and can
  // corrupt it. Refused here, before the engine opens anything, with a message naming the owner.
  let lock: FolderLock | undefined;
  if (dataDir && !dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireFolderLock(dataDir);
  }
  try {
    // Imported when used, so a gateway on a PostgreSQL server does not load the embedded engine at start.
    const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({
      dataDir,
      parsers: { ...pgliteTypes.parsers, ...parsers },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    return new PgliteDb(pglite, undefined, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** A tarball of a PGlite database's data directory. */
export async function dumpPglite(db: Db): Promise<Blob> {
  if (!(db instanceof PgliteDb)) throw new Error('dumpPglite needs a PGlite database');
  return db.dump();
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    private readonly pglite: PGlite,
    private readonly tx?: Pick<PGlite, 'query' | 'exec'>,
    private readonly lock?: FolderLock,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const res = await (this.tx ?? this.pglite).query<T>(sql, params as unknown[]);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    return this.pglite.transaction((tx) => fn(new PgliteDb(this.pglite, tx)));
  }

  async exec(sql: string): Promise<void> {
    await (this.tx ?? this.pglite).exec(sql);
  }

  async close(): Promise<void> {
    if (this.tx) return;
    try {
      await this.pglite.close();
    } finally {
      this.lock?.release();
    }
  }

  dump(): Promise<Blob> {
    return this.pglite.dumpDataDir('none');
  }
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 20,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        (parsers as Record<number, (v: string) => unknown>)[oid] ??
        pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new PostgresDb(pool);
  await db.query('SELECT 1');
  return db;
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    private readonly client?: pg.PoolClient,
  ) {}

  async query<T>(
    sql: string,
    params: readonly unknown[] = [],
    opts: QueryOptions = {},
  ): Promise<QueryResult<T>> {
    const res = await (this.client ?? this.pool).query({
      text: sql,
      values: params as unknown[],
      ...(opts.prepare ? { name: opts.prepare } : {}),
    });
    return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresDb(this.pool, client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await (this.client ?? this.pool).query(sql);
  }

  async copyFrom(
    sql: string,
    chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  ): Promise<number> {
    const client = this.client ?? (await this.pool.connect());
    let failure: Error | undefined;
    try {
      const copy = client.query(copyFromStdin(sql));
      await pipeline(Readable.from(chunks), copy);
      return copy.rowCount;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      // A pooled client whose COPY failed is discarded rather than reused.
      if (!this.client) client.release(failure);
    }
  }

  async close(): Promise<void> {
    if (!this.client) await this.pool.end();
  }
}
