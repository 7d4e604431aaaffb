import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { MisuseGuard, type Logger } from './misuse.guard.ts';
import { RedisWindowStore } from './misuse.redis.ts';
import { MemoryWindowStore } from './misuse.window.ts';

/** The guard of a process: windows in Redis when REDIS_URL is set (shared by every process), else in memory. */
export function createMisuseGuard(
  config: Config,
  db: Db,
  log?: Logger,
  opts: { redisKeyPrefix?: string } = {},
): MisuseGuard {
  if (config.redisUrl) {
    const store = new RedisWindowStore(config.redisUrl, opts.redisKeyPrefix);
    return new MisuseGuard({
      db,
      store,
      replayStore: store,
      misuse: config.misuse,
      replay: config.replay,
      log,
      keySecret: config.tokenSecret,
    });
  }
  return new MisuseGuard({
    db,
    store: new MemoryWindowStore(config.misuse.maxKeys),
    replayStore: new MemoryWindowStore(config.replay.maxIds),
    misuse: config.misuse,
    replay: config.replay,
    log,
    keySecret: config.tokenSecret,
  });
}
