import { Redis } from 'ioredis';
import type { Db } from '../../db/db.ts';
import { DbLeaseStore, type LeaseStore } from './quota.ts';

// Grant up to ARGV[2] hits from the counter KEYS[1] without passing the limit ARGV[1] (-1: unlimited), by
// the rule of `grantSize` in quota.ts (the same in Lua, so the grant and the increment are one atomic step).
// Returns {grant, new total}, or -1 when the counter is not seeded yet. Returns the grant, or -1 when the counter is not seeded yet.
const LEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then return -1 end
local used = tonumber(v)
local limit = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local grant = want
if limit >= 0 then
  local left = limit - used
  if left <= 0 then return {0, used} end
  grant = math.max(1, math.min(want, math.floor(left / 8)))
end
return {grant, redis.call('INCRBY', KEYS[1], grant)}`;

const TTL_SECONDS = 3 * 24 * 3600;

/**
 * Leases from a counter in Redis (`REDIS_URL`), shared by every gateway process: one atomic script per lease
 * instead of a row lock. The database stays the record: a counter is seeded from quota_usage when Redis
 * does not have it, and every grant is written through to quota_usage (never lowering it) before it is
 * served, so losing Redis (it may keep nothing on disk) cannot let a process serve past the limit.
 */
export class RedisLeaseStore implements LeaseStore {
  private readonly db: DbLeaseStore;

  constructor(
    private readonly redis: Redis,
    private readonly database: Db,
    private readonly prefix = 'gerbang:quota:',
  ) {
    this.db = new DbLeaseStore(database);
  }

  static connect(url: string, database: Db, prefix?: string): RedisLeaseStore {
    const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    // Redis going away fails the commands that need it (a lease); its 'error' events are not to be printed
    // per reconnect attempt.
    redis.on('error', () => {});
    return new RedisLeaseStore(redis, database, prefix);
  }

  async lease(accountId: string, day: string, limit: number | null, want: number): Promise<number> {
    const key = this.key(accountId, day);
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = (await this.redis.eval(LEASE_SCRIPT, 1, key, String(limit ?? -1), String(want))) as
        number | [number, number];
      if (Array.isArray(answer)) {
        const [granted, total] = answer.map(Number) as [number, number];
        if (granted > 0) {
          try {
            await this.writeThrough(accountId, day, total);
          } catch (err) {
            // Not recorded in the database (it went away), so not served: the grant is taken back, or the
            // counter would keep hits nobody holds (issue #17).
            await this.redis.decrby(key, granted);
            throw err;
          }
        }
        return granted;
      }
      const counted = await this.db.counted(accountId, day);
      await this.redis.set(key, String(counted), 'EX', TTL_SECONDS, 'NX');
    }
    throw new Error('the Redis quota counter could not be seeded');
  }

  async release(accountId: string, day: string, n: number): Promise<void> {
    if (n <= 0) return;
    // The database first: if it is away, nothing is given back and the caller keeps the hits for later.
    await this.db.release(accountId, day, n);
    await this.redis.decrby(this.key(accountId, day), n);
  }

  settle(): Promise<void> {
    return this.db.settle();
  }

  async counted(accountId: string, day: string): Promise<number> {
    const v = await this.redis.get(this.key(accountId, day));
    return v === null ? this.db.counted(accountId, day) : Number(v);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private key(accountId: string, day: string): string {
    return `${this.prefix}${day}:${accountId}`;
  }

  private async writeThrough(accountId: string, day: string, total: number): Promise<void> {
    await this.database.query(
      `INSERT INTO quota_usage (account_id, day, used) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, day) DO UPDATE SET used = GREATEST(quota_usage.used, EXCLUDED.used)`,
      [accountId, day, total],
    );
  }
}
