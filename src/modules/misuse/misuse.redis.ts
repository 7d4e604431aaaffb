import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { WindowEvent, WindowStore } from './misuse.window.ts';

/**
 * The windows in Redis, shared by every process behind the same Redis: one sorted set per window (score =
 * time, member = time, NIK, account and a nonce), trimmed by age and by count and expiring with its window
 * on each write, so memory stays bounded; claims are `SET NX PX`. Times are the access path's clock, so a
 * test clock works here too (key expiry alone runs on Redis's clock).
 */
export class RedisWindowStore implements WindowStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'gerbang:',
  ) {
    // Commands issued in the same tick go out in one round trip; a command unanswered in 250 ms fails
    // rather than holding a request (the guard then lets the request through and logs it).
    this.redis = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1, commandTimeout: 250 });
    // Connection errors surface on the commands themselves (and are logged there); do not crash the process.
    this.redis.on('error', () => {});
  }

  async record(key: string, event: WindowEvent, keepMs: number, cap: number): Promise<WindowEvent[]> {
    const k = this.prefix + key;
    const member = `${event.at}|${event.nik}|${event.accountId}|${randomBytes(4).toString('hex')}`;
    const res = await this.redis
      .multi()
      .zadd(k, String(event.at), member)
      .zremrangebyscore(k, '-inf', `(${event.at - keepMs}`)
      .zremrangebyrank(k, 0, -(cap + 1))
      .pexpire(k, keepMs)
      .zrange(k, '0', '-1')
      .exec();
    if (!res) throw new Error('redis transaction aborted');
    const [err, members] = res[4]!;
    if (err) throw err;
    return (members as string[]).map(parseMember);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, '1', 'PX', Math.max(1, ttlMs), 'NX')) === 'OK';
  }

  async isClaimed(key: string): Promise<boolean> {
    return (await this.redis.exists(this.prefix + key)) === 1;
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function parseMember(m: string): WindowEvent {
  const [at, nik, accountId] = m.split('|');
  return { at: Number(at), nik: nik ?? '', accountId: accountId ?? '' };
}
