import type { Db } from '../db/db.ts';

/**
 * What every service receives first: the database (or the transaction it runs in) and the one `now` of the
 * caller's clock. Routes build it from `actingOf(ctx, request)`, jobs and the CLI from their own now. The
 * actor always comes second, required: `fn(ctx, actor, input)` (ARCHITECTURE.md, "The module contract").
 * Its own file, importing only the database type: `context.ts` names module types, so a module importing it
 * would close an import cycle (src/http/layers.test.ts).
 */
export interface ServiceContext {
  db: Db;
  now: Date;
}
