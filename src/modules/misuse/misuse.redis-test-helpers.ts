import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** The Redis of the Redis tests: TEST_REDIS_URL, else the local one. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for each test run, so runs never see each other's keys. */
export const testRedisPrefix = () => `gerbang-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

/** Whether the test Redis answers a TCP connection (the Redis tests are skipped when not). */
export function redisReachable(url = TEST_REDIS_URL, timeoutMs = 500): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
