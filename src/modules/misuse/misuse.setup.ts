import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { MisuseGuard, type Logger } from './misuse.guard.ts';
import { isGatewayWorker } from '../../lib/cluster-ipc.ts';
import { ClusterWindowStore } from './misuse.cluster.ts';
import { MemoryWindowStore } from './misuse.window.ts';

/**
 * The guard of a process: windows in Redis when REDIS_URL is set (shared by every process); in a gateway
 * worker of `gerbang serve`, the primary's (shared by its workers, src/cluster.ts); else in memory.
 * The Redis client is loaded only then (ioredis takes ~0.1 s to load, a tenth of a restart).
 */
export async function createMisuseGuard(
  config: Config,
  db: Db,
  log?: Logger,
  opts: { redisKeyPrefix?: string } = {},
): Promise<MisuseGuard> {
  if (config.redisUrl) {
    const { RedisWindowStore } = await import('./misuse.redis.ts');
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
  const worker = isGatewayWorker();
  return new MisuseGuard({
    db,
    store: worker ? new ClusterWindowStore('misuse') : new MemoryWindowStore(config.misuse.maxKeys),
    replayStore: worker ? new ClusterWindowStore('replay') : new MemoryWindowStore(config.replay.maxIds),
    misuse: config.misuse,
    replay: config.replay,
    log,
    keySecret: config.tokenSecret,
  });
}
