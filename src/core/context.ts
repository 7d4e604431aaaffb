import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Clock } from '../lib/time.ts';
import type { AccessCache } from '../modules/access/access.cache.ts';
import type { AccessService } from '../modules/access/access.service.ts';
import type { TokenService } from '../modules/auth/tokens.ts';
import type { FeeGate } from '../modules/fees/fees.gate.ts';
import type { MisuseGuard } from '../modules/misuse/misuse.guard.ts';
import type { QuotaGate } from '../modules/quota/quota.ts';

/**
 * What every route module receives. Built once by `buildApp` (src/http/app.ts); modules take it from here
 * and never import the app builder (ARCHITECTURE.md, "The module contract").
 */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  tokens: TokenService;
  quota: QuotaGate;
  fees: FeeGate;
  access: AccessService;
  accessCache: AccessCache;
  misuse: MisuseGuard;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when an access route's caller passed its checks, so a later refusal can be audited. */
    accessRefusal?: (body: unknown) => Promise<void>;
  }
}

export type { ServiceContext } from './service-context.ts';
