import { afterAll, describe, expect, it } from 'vitest';
import { RedisWindowStore } from './misuse.redis.ts';
import { redisReachable, TEST_REDIS_URL, testRedisPrefix } from './misuse.redis-test-helpers.ts';
import { MemoryWindowStore, type WindowStore } from './misuse.window.ts';

const reachable = await redisReachable();
const T0 = Date.UTC(2026, 5, 15, 3, 0, 0);
const ev = (i: number, at = T0 + i * 1000) => ({
  at,
  nik: `33010112049000${String(i).padStart(2, '0')}`,
  accountId: 'usr_a',
});

const stores: { name: string; make: () => WindowStore; skip: boolean }[] = [
  { name: 'memory', make: () => new MemoryWindowStore(1000), skip: false },
  { name: 'redis', make: () => new RedisWindowStore(TEST_REDIS_URL, testRedisPrefix()), skip: !reachable },
];

describe.each(stores)('$name window store', ({ make, skip }) => {
  const store = skip ? null : make();
  afterAll(() => store?.close());

  it.skipIf(skip)('answers the window oldest first, dropping entries older than the window', async () => {
    const s = store!;
    await s.record('w1', ev(1), 10_000, 50);
    await s.record('w1', ev(2), 10_000, 50);
    // 10 s back from T0 + 11.5 s: the event at T0 + 1 s is out, the one at T0 + 2 s is in.
    const w = await s.record('w1', ev(3, T0 + 11_500), 10_000, 50);
    expect(w.map((e) => e.nik)).toEqual([ev(2).nik, ev(3).nik]);
    expect(w.at(-1)).toEqual(ev(3, T0 + 11_500));
  });

  it.skipIf(skip)('keeps at most `cap` entries per key (the newest)', async () => {
    const s = store!;
    let w: Awaited<ReturnType<WindowStore['record']>> = [];
    for (let i = 0; i < 20; i += 1) w = await s.record('w2', ev(i), 60_000, 5);
    expect(w.map((e) => e.nik)).toEqual([15, 16, 17, 18, 19].map((i) => ev(i).nik));
  });

  it.skipIf(skip)('keeps two events of the same NIK at the same time apart', async () => {
    const s = store!;
    await s.record('w3', ev(1), 60_000, 5);
    expect(await s.record('w3', ev(1), 60_000, 5)).toHaveLength(2);
  });

  it.skipIf(skip)('claims once until the claim expires or is released', async () => {
    const s = store!;
    expect(await s.claim('c1', 60_000, T0)).toBe(true);
    expect(await s.claim('c1', 60_000, T0 + 1000)).toBe(false);
    expect(await s.isClaimed('c1', T0 + 1000)).toBe(true);
    await s.release('c1');
    expect(await s.isClaimed('c1', T0 + 1000)).toBe(false);
    expect(await s.claim('c1', 60_000, T0 + 2000)).toBe(true);
    expect(await s.isClaimed('c2', T0)).toBe(false);
  });
});

describe('memory bounds', () => {
  it('evicts the least recently used window and the oldest claims past the key cap', async () => {
    const s = new MemoryWindowStore(100);
    for (let i = 0; i < 500; i += 1) {
      await s.record(`k${i}`, ev(1), 60_000, 5);
      await s.claim(`c${i}`, 60_000, T0 + i);
    }
    expect(s.size).toEqual({ windows: 100, claims: 100, events: 100 });
    // The newest claims survive, the oldest are gone.
    expect(await s.isClaimed('c499', T0 + 500)).toBe(true);
    expect(await s.isClaimed('c0', T0 + 500)).toBe(false);
  });

  it('expires claims in memory on the clock it is given', async () => {
    const s = new MemoryWindowStore(100);
    expect(await s.claim('x', 1000, T0)).toBe(true);
    expect(await s.isClaimed('x', T0 + 999)).toBe(true);
    expect(await s.isClaimed('x', T0 + 1000)).toBe(false);
    expect(await s.claim('x', 1000, T0 + 1000)).toBe(true);
  });
});
