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
  /**
   * PostgreSQL only: whether the server is reachable, as the last statements found it (an outage to ride
   * out, see `DatabaseUnavailableError`). PGlite runs in-process and has none.
   */
  readonly availability?: DbAvailability;
}

/**
 * The database server could not be reached: connection refused, lost or timed out, or the server is shutting
 * down. A known state, not a fault of the request: the gateway answers 503 `DATABASE_UNAVAILABLE` (wire 21)
 * and keeps running; the pool reconnects by itself once the server answers again. `cause` is the driver's
 * error.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(cause: unknown) {
    super('The database is unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres reports a lost or unusable connection only by its message.
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection ended unexpectedly|is not queryable|Query read timeout/i;

/**
 * Whether `err` says the server is out of reach (rather than that a statement failed): a socket error, one
 * of node-postgres's connection messages, SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown,
 * crash, cannot connect now) or 53300 (too many connections).
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_ERRNOS.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code) || code === '53300') return true;
  }
  return CONNECTION_MESSAGES.test(err.message);
}

/**
 * The server's reachability. Goes down on the first statement or connection that fails to reach it and up on
 * the first statement started after that which succeeds, so each outage is one change each way, however many
 * requests fail in between (listeners log it: once per transition, not per request).
 */
export class DbAvailability {
  private upNow = true;
  private generation = 0;
  private downAt = 0;
  private readonly listeners: ((change: AvailabilityChange) => void)[] = [];

  get up(): boolean {
    return this.upNow;
  }

  /** Hears every change (down with the first error, up with how long it was down). */
  onChange(listener: (change: AvailabilityChange) => void): void {
    this.listeners.push(listener);
  }

  /** Taken when a statement starts; `succeeded` with it marks the server up only if nothing failed since. */
  ticket(): number {
    return this.generation;
  }

  succeeded(ticket: number): void {
    if (this.upNow || ticket !== this.generation) return;
    this.upNow = true;
    const downMs = Date.now() - this.downAt;
    for (const l of this.listeners) l({ up: true, downMs });
  }

  failed(err: unknown): void {
    this.generation += 1;
    if (!this.upNow) return;
    this.upNow = false;
    this.downAt = Date.now();
    for (const l of this.listeners) l({ up: false, error: err instanceof Error ? err.message : String(err) });
  }
}

export type AvailabilityChange = { up: false; error: string } | { up: true; downMs: number };

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
    // A server that does not answer (a network partition rather than a refused connection) fails a request
    // after 5 s instead of holding it for ever; TCP keep-alive notices a dead idle connection.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        (parsers as Record<number, (v: string) => unknown>)[oid] ??
        pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const availability = new DbAvailability();
  // An idle client that loses its connection emits 'error' on the pool: without this listener the process
  // would die. The outage is noted; the next query reconnects.
  pool.on('error', (err) => availability.failed(err));
  const db = new PostgresDb(pool, availability);
  await db.query('SELECT 1');
  return db;
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    readonly availability: DbAvailability,
    private readonly client?: pg.PoolClient,
  ) {}

  /**
   * Runs `work` against the server: a failure to reach it marks the outage and becomes a
   * `DatabaseUnavailableError`; a success started after the last failure marks the server up again — unless
   * `provesReach` is false: a pool check-out may hand back an idle client without a word to the server, so
   * its success says nothing (it once logged a recovery 7 ms into an outage, then the outage again).
   */
  private async reach<R>(work: () => Promise<R>, provesReach = true): Promise<R> {
    const ticket = this.availability.ticket();
    try {
      const result = await work();
      if (provesReach) this.availability.succeeded(ticket);
      return result;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      this.availability.failed(err);
      throw err instanceof DatabaseUnavailableError ? err : new DatabaseUnavailableError(err);
    }
  }

  /**
   * A client of the pool for a transaction or a COPY. While it is checked out the pool listens to it no
   * more: a connection lost between two statements makes node-postgres emit 'error' on the client, which
   * without a listener of ours ends the process (issue #17). `release` hands it back, discarding it when
   * it failed.
   */
  private async checkOut(): Promise<{
    client: pg.PoolClient;
    release: (failed?: unknown, discard?: boolean) => void;
  }> {
    const client = await this.reach(() => this.pool.connect(), false);
    let broken = false;
    const onError = (err: Error) => {
      broken = true;
      this.availability.failed(err);
    };
    client.on('error', onError);
    return {
      client,
      release: (failed, discard = false) => {
        client.removeListener('error', onError);
        // Handed back with an error, the pool closes the client instead of reusing it.
        if (broken || discard || (failed !== undefined && isConnectionError(failed))) {
          client.release(failed instanceof Error ? failed : new Error('connection lost'));
        } else {
          client.release();
        }
      },
    };
  }

  async query<T>(
    sql: string,
    params: readonly unknown[] = [],
    opts: QueryOptions = {},
  ): Promise<QueryResult<T>> {
    const res = await this.reach(() =>
      (this.client ?? this.pool).query({
        text: sql,
        values: params as unknown[],
        ...(opts.prepare ? { name: opts.prepare } : {}),
      }),
    );
    return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    const { client, release } = await this.checkOut();
    let failure: unknown;
    let discard = false;
    try {
      const tx = new PostgresDb(this.pool, this.availability, client);
      await tx.query('BEGIN');
      const result = await fn(tx);
      await tx.query('COMMIT');
      return result;
    } catch (err) {
      failure = err;
      // On a lost connection there is nothing to roll back: the server ends the transaction itself.
      if (!isConnectionError(err)) await client.query('ROLLBACK').catch(() => (discard = true));
      throw err;
    } finally {
      release(failure, discard);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.reach(() => (this.client ?? this.pool).query(sql));
  }

  async copyFrom(
    sql: string,
    chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  ): Promise<number> {
    const own = this.client ? null : await this.checkOut();
    const client = this.client ?? own!.client;
    let failure: Error | undefined;
    try {
      const copy = client.query(copyFromStdin(sql));
      await this.reach(() => pipeline(Readable.from(chunks), copy));
      return copy.rowCount;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      // A pooled client whose COPY failed is discarded rather than reused.
      own?.release(failure, failure !== undefined);
    }
  }

  async close(): Promise<void> {
    if (!this.client) await this.pool.end();
  }
}
