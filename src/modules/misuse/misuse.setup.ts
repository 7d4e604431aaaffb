import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { MisuseGuard, type Logger } from './misuse.guard.ts';
import { isGatewayWorker } from '../../lib/cluster-ipc.ts';
import { ClusterWindowStore, clusterDetector } from './misuse.cluster.ts';
import { threadDetector } from './misuse.thread-client.ts';
import { MemoryWindowStore } from './misuse.window.ts';

/**
 * The guard of a process, and where its detection runs:
 * - with REDIS_URL: windows and claims in Redis (shared by every process), detection beside the request
 *   thread (its window reads are Redis round trips, not CPU). The Redis client is loaded only then (ioredis
 *   takes ~0.1 s to load, a tenth of a restart);
 * - in a gateway worker of `gerbang serve`: detection and windows in the primary (src/cluster.ts), claims
 *   there too;
 * - else: claims in this process's memory, detection in a worker thread (`MISUSE_DETECTOR=thread`, the
 *   default) or on the request thread (`inline`).
 */
export async function createMisuseGuard(
  config: Config,
  db: Db,
  log?: Logger,
  opts: { redisKeyPrefix?: string } = {},
): Promise<MisuseGuard> {
  const common = { db, misuse: config.misuse, replay: config.replay, log, keySecret: config.tokenSecret };
  if (config.redisUrl) {
    const { RedisWindowStore } = await import('./misuse.redis.ts');
    const store = new RedisWindowStore(config.redisUrl, opts.redisKeyPrefix);
    return new MisuseGuard({ ...common, store, replayStore: store });
  }
  if (isGatewayWorker()) {
    return new MisuseGuard({
      ...common,
      store: new ClusterWindowStore('misuse'),
      replayStore: new ClusterWindowStore('replay'),
      detector: clusterDetector(),
    });
  }
  return new MisuseGuard({
    ...common,
    store: new MemoryWindowStore(config.misuse.maxKeys),
    replayStore: new MemoryWindowStore(config.replay.maxIds),
    detector:
      config.misuse.detector === 'thread' ? threadDetector(config.misuse, config.tokenSecret) : undefined,
  });
}
