import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addOperator, seedWorld, type World } from '../../test/fixtures.ts';
import { DbLeaseStore, grantSize, LeasedQuotaGate, type LeaseStore } from './quota.ts';
import { RedisLeaseStore } from './quota.redis.ts';

let db: Db;
let world: World;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
});
afterAll(() => db?.close());

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const stores: [string, () => LeaseStore][] = [
  ['database', () => new DbLeaseStore(db)],
  ['Redis', () => RedisLeaseStore.connect(redisUrl, db, `gerbang:test:${process.pid}:${Date.now()}:`)],
];

describe('grantSize', () => {
  it('leases whole blocks far from the limit, shrinking shares near it, never past it', () => {
    expect(grantSize(null, 5_000, 100)).toBe(100);
    expect(grantSize(10_000, 0, 100)).toBe(100);
    expect(grantSize(50, 0, 100)).toBe(6);
    expect(grantSize(50, 45, 100)).toBe(1);
    expect(grantSize(50, 49, 100)).toBe(1);
    expect(grantSize(50, 50, 100)).toBe(0);
    expect(grantSize(50, 60, 100)).toBe(0);
  });
});

describe.each(stores)('LeasedQuotaGate over the %s store', (_name, makeStore) => {
  let store: LeaseStore;
  let gate: LeasedQuotaGate;
  beforeAll(() => {
    store = makeStore();
    gate = new LeasedQuotaGate(store, { block: 100, idleReleaseMs: 0 });
  });
  afterAll(async () => {
    gate.close();
    await (store as { close?: () => Promise<void> }).close?.();
  });

  it('allows exactly the limit per day, refusing the call after the last allowed one', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: 3 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await gate.take(op.id, 3, '2026-06-15')).taken);
    expect(results).toEqual([true, true, true, false, false]);
    expect(await gate.used(op.id, '2026-06-15')).toBe(3);
    expect((await gate.take(op.id, 3, '2026-06-16')).taken).toBe(true);
  });

  it('never over-grants under concurrent calls, from one gate or from several sharing the store', async () => {
    const op = await addOperator(db, world.institution);
    const results = await Promise.all(Array.from({ length: 25 }, () => gate.take(op.id, 7, '2026-06-15')));
    expect(results.filter((r) => r.taken)).toHaveLength(7);
    expect(await gate.used(op.id, '2026-06-15')).toBe(7);

    // Three processes' gates on one counter: together they serve at most the limit.
    const op2 = await addOperator(db, world.institution);
    const gates = [0, 1, 2].map(() => new LeasedQuotaGate(store, { block: 100, idleReleaseMs: 0 }));
    const taken = await Promise.all(
      Array.from({ length: 300 }, (_, i) => gates[i % 3]!.take(op2.id, 120, '2026-06-15')),
    );
    const served = taken.filter((r) => r.taken).length;
    expect(served).toBeLessThanOrEqual(120);
    // Near the limit leases shrink to one hit, so little is stranded in other gates' leases.
    expect(served).toBeGreaterThanOrEqual(110);
    for (const g of gates) {
      await g.releaseAll();
      g.close();
    }
    expect(await store.counted(op2.id, '2026-06-15')).toBe(served);
  });

  it('takes back the hit of a request that failed: at once, or once its check says it is owed', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const day = '2026-06-17';
    for (let i = 0; i < 4; i++) expect((await gate.take(op.id, null, day)).taken).toBe(true);
    expect(await gate.used(op.id, day)).toBe(4);
    // Surely not served (e.g. the record read failed): given back at once.
    gate.giveBack(op.id, day);
    expect(await gate.used(op.id, day)).toBe(3);
    // The audit row turned out to be committed: the hit stays used.
    gate.giveBack(op.id, day, async () => false);
    // The check cannot run yet (the database is still away): kept for the next settle.
    let asked = 0;
    gate.giveBack(op.id, day, async () => {
      if (asked++ === 0) throw new Error('database still unavailable');
      return true;
    });
    await expect(gate.settle()).rejects.toThrow('still unavailable');
    expect(await gate.used(op.id, day)).toBe(3);
    await gate.settle();
    expect(await gate.used(op.id, day)).toBe(2);
    await gate.releaseAll();
    expect(await store.counted(op.id, day)).toBe(2);
  });

  it('counts unlimited accounts, refuses a zero quota, and gives unserved hits back', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    for (let i = 0; i < 4; i++) expect((await gate.take(op.id, null, '2026-06-15')).taken).toBe(true);
    expect(await gate.used(op.id, '2026-06-15')).toBe(4);
    // The store counts the whole leased block until it is given back.
    expect(await store.counted(op.id, '2026-06-15')).toBe(100);
    await gate.releaseAll();
    expect(await store.counted(op.id, '2026-06-15')).toBe(4);
    expect((await gate.take(op.id, 0, '2026-06-15')).taken).toBe(false);
  });
});
