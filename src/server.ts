import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { DatabaseUnavailableError, openDatabase, type Db } from './db/db.ts';
import { migrate, type Migration } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { startLocalAdmin } from './cli/local-admin.ts';
import { createMailer } from './modules/compliance/notifications.mail.ts';
import { jobsFor, startScheduler } from './modules/jobs/jobs.ts';
import { ensureRegions } from './modules/regions/regions.repo.ts';
import { systemClock } from './lib/time.ts';

/** What bringing the database up to date did: the migrations applied now, the regions loaded now. */
export interface Migrated {
  applied: Migration[];
  regionsLoaded: number;
}

/**
 * Opens the database named by the config (PGlite in DATA_DIR, or DATABASE_URL) and brings it up to date;
 * `onMigrated` hears what that took (`gerbang migrate` reports it).
 */
export async function openAndMigrate(config: Config, onMigrated?: (m: Migrated) => void): Promise<Db> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  const regionsLoaded = await ensureRegions(db);
  onMigrated?.({ applied, regionsLoaded });
  return db;
}

/** The port is taken (or not ours to take): said plainly, with how to choose another. */
export class ListenError extends Error {}

/** A listen failure the operator can fix (port in use, not allowed) as a `ListenError`; others unchanged. */
function explainListenError(err: unknown, config: Config): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const other = config.port < 65_535 ? config.port + 1 : 8081;
  const fix =
    'Stop the program using it, or choose another port with PORT, ' +
    `e.g. \`PORT=${other} npm run demo\` or \`PORT=${other} gerbang serve\`.`;
  if (code === 'EADDRINUSE') {
    return new ListenError(`Port ${config.port} on ${config.host} is already in use.\n${fix}`);
  }
  if (code === 'EACCES') {
    return new ListenError(`Not allowed to listen on port ${config.port} on ${config.host}.\n${fix}`);
  }
  return err;
}

/**
 * Listens on the configured port. On failure the app is closed first (no open handle keeps the process
 * alive) and a port in use or not allowed becomes a `ListenError` that names the port and `PORT`.
 */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    throw explainListenError(err, config);
  }
}

/**
 * Fails early with the same `ListenError` when the configured port cannot be listened on (the demo checks
 * before it spends a minute generating residents). The real listen still handles a port taken in between.
 */
export async function checkPortFree(config: Config): Promise<void> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(config.port, config.host, () => probe.close(() => resolve()));
    });
  } catch (err) {
    throw explainListenError(err, config);
  }
}

/** Starts the HTTP server; closes it and the database on SIGINT/SIGTERM. */
export async function startServer(config: Config, db: Db): Promise<FastifyInstance> {
  // One clock for the requests and the scheduled jobs.
  const clock = systemClock;
  const app = await buildApp({ config, db, clock });
  // On an embedded data folder this process owns, CLI commands run here, over a local socket (not a second
  // PGlite on the same folder). Open before the port, so a CLI never finds a ready server it cannot reach.
  const localAdmin = await startLocalAdmin(db, config, app.log);
  try {
    await listen(app, config);
  } catch (err) {
    await localAdmin?.close();
    await db.close();
    throw err;
  }
  // Scheduled jobs (agreement expiry, …) tick in every server process; run keys make each run happen once.
  // With SMTP_URL, pending notifications are e-mailed too.
  const mailer = await createMailer(config);
  const stopJobs = startScheduler(
    db,
    clock,
    60_000,
    // A tick during a database outage fails like every request; the outage is logged once (app.ts).
    (err) => {
      if (!(err instanceof DatabaseUnavailableError)) app.log.error({ err }, 'job tick failed');
    },
    jobsFor(mailer),
  );
  const stop = async () => {
    stopJobs();
    mailer?.close();
    await localAdmin?.close();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
