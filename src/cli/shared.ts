import { InvalidArgumentError } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { FolderLockedError } from '../db/folder-lock.ts';
import { DemoRefused } from '../demo/demo.ts';
import { SERVER_ACTOR, type Actor } from '../core/actor.ts';
import { ApiError } from '../core/errors.ts';
import { ListenError, openAndMigrate, type Migrated } from '../server.ts';
import { withCliDatabase } from './local-admin.ts';

/**
 * What every `*.commands.ts` file shares: opening the database, printing JSON, the option parsers, and how a
 * command's failure is shown. The commands receive `withDb` and `print` from main.ts (tests pass their own).
 */

/** Runs a command's work on the database (see `withDb`); what a `*.commands.ts` file's `register` receives. */
export type WithDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => Promise<T>;
export type Print = (value: unknown) => void;

/** Who acts and when, at the CLI: the server's operator (the one who runs the command), now. */
export const operator = (): { actor: Actor; now: Date } => ({ actor: SERVER_ACTOR, now: new Date() });

export const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
};
export const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Opens the configured database (bringing it up to date), runs `fn`, closes it; prints domain errors plainly.
 * `fn` also hears what opening migrated (nothing, when the command runs inside a server that already did).
 */
export async function withDb<T>(fn: (db: Db, config: Config, migrated: Migrated) => Promise<T>): Promise<T> {
  let migrated: Migrated = { applied: [], regionsLoaded: 0 };
  // On an embedded data folder owned by a running server, the command runs inside that server (local-admin.ts).
  return withCliDatabase(
    (db, config) => fn(db, config, migrated),
    () => loadConfig(),
    (config) => openAndMigrate(config, (m) => (migrated = m)),
  );
}

/** `withDb` itself: its work also hears what opening the database migrated (`gerbang migrate`). */
export type WithMigratedDb = typeof withDb;

export const print: Print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** Prints a command's failure as the user should see it (also for commands run inside a server). */
export function reportCliError(err: unknown): void {
  if (
    err instanceof ConfigError ||
    err instanceof DemoRefused ||
    err instanceof ApiError ||
    err instanceof FolderLockedError ||
    err instanceof ListenError
  ) {
    console.error(err.message);
  } else if (err instanceof ZodError) {
    console.error(err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  } else {
    console.error(err);
  }
}
