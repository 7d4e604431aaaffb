import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/fixtures.ts';
import type { Db } from '../../db/db.ts';
import { MisuseGuard } from './misuse.guard.ts';
import { MemoryWindowStore, type WindowStore } from './misuse.window.ts';

/** The guard on its own: what it does when its store fails, and its memory bound per request. */
const attempt = (n = 0) => ({
  accountId: 'usr_a',
  institutionId: 'ins_a',
  agreement: { id: 'agr_a', misuseAction: 'throttle' as const },
  now: new Date(Date.UTC(2027, 5, 14, 3, 0, n)),
});

const failing: WindowStore = {
  record: () => Promise.reject(new Error('store down')),
  claim: () => Promise.reject(new Error('store down')),
  isClaimed: () => Promise.reject(new Error('store down')),
  release: () => Promise.reject(new Error('store down')),
  close: () => Promise.resolve(),
};

describe('MisuseGuard', () => {
  it('lets requests through and logs (without NIKs) when its store fails', async () => {
    const logged: string[] = [];
    const guard = new MisuseGuard({
      db: {} as Db,
      store: failing,
      replayStore: failing,
      misuse: testConfig.misuse,
      replay: testConfig.replay,
      log: { error: (obj, msg) => logged.push(`${msg} ${JSON.stringify(obj)}`) },
    });
    guard.observe({ ...attempt(), nik: '3301015204900001', familyCard: null });
    expect(await guard.admit({ ...attempt(1), clientRequestId: 'abc' })).toBeNull();
    await guard.settle();
    expect(logged.length).toBeGreaterThanOrEqual(2);
    for (const line of logged) expect(line).not.toContain('3301015204900001');
  });

  it('keeps per-account memory bounded however many requests come', async () => {
    const store = new MemoryWindowStore(testConfig.misuse.maxKeys);
    const guard = new MisuseGuard({
      db: { query: async () => ({ rows: [], rowCount: 1 }) } as unknown as Db,
      store,
      replayStore: new MemoryWindowStore(100),
      misuse: testConfig.misuse,
      replay: testConfig.replay,
    });
    // 2,000 NIKs of one kecamatan, far apart, a second apart: windows stay at their caps.
    for (let i = 0; i < 2000; i += 1) {
      const serial = String(1 + ((i * 37) % 9000)).padStart(4, '0');
      guard.observe({
        ...attempt(i),
        nik: `330101${String(1 + (i % 28)).padStart(2, '0')}0390${serial}`,
        familyCard: null,
      });
    }
    await guard.settle();
    // Three windows (all requests, the account's kecamatan, the institution's kecamatan), each at its cap.
    const { misuse } = testConfig;
    expect(store.size.windows).toBe(3);
    // (the burst window is bound by age here: 61 requests in its minute).
    expect(store.size.events).toBe(61 + 2 * misuse.windowCap);
    expect(store.size.events).toBeLessThanOrEqual(2 * misuse.burstMax + 2 + 2 * misuse.windowCap);
  });
});
