import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { DatabaseUnavailableError, openDatabase, type Db } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { createMailer } from './modules/compliance/notifications.mail.ts';
import { jobsFor, startScheduler } from './modules/jobs/jobs.ts';
import { ensureRegions } from './modules/regions/regions.repo.ts';

/** Opens the database named by the config (PGlite in DATA_DIR, or DATABASE_URL) and brings it up to date. */
export async function openAndMigrate(config: Config): Promise<Db> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  await ensureRegions(db);
  return db;
}

/** Starts the HTTP server; closes it and the database on SIGINT/SIGTERM. */
export async function startServer(config: Config, db: Db): Promise<FastifyInstance> {
  const app = await buildApp({ config, db });
  await app.listen({ port: config.port, host: config.host });
  // Scheduled jobs (agreement expiry, …) tick in every server process; run keys make each run happen once.
  // With SMTP_URL, pending notifications are e-mailed too.
  const mailer = await createMailer(config);
  const stopJobs = startScheduler(
    db,
    () => new Date(),
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
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
