import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addOperator, seedWorld, type World } from '../../test/fixtures.ts';
import { DbQuotaGate } from './quota.ts';

let db: Db;
let world: World;
let gate: DbQuotaGate;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  gate = new DbQuotaGate(db);
});
afterAll(() => db?.close());

describe('DbQuotaGate', () => {
  it('allows exactly the limit per day, refusing the call after the last allowed one', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: 3 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await gate.take(op.id, 3, '2026-06-15'));
    expect(results.map((r) => r.taken)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.used)).toEqual([1, 2, 3, 3, 3]);
    expect(await gate.used(op.id, '2026-06-15')).toBe(3);
    expect((await gate.take(op.id, 3, '2026-06-16')).taken).toBe(true);
  });

  it('never over-grants under concurrent calls', async () => {
    const op = await addOperator(db, world.institution);
    const results = await Promise.all(Array.from({ length: 25 }, () => gate.take(op.id, 7, '2026-06-15')));
    expect(results.filter((r) => r.taken)).toHaveLength(7);
    expect(await gate.used(op.id, '2026-06-15')).toBe(7);
  });

  it('counts unlimited accounts and refuses a zero quota', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    for (let i = 0; i < 4; i++) expect((await gate.take(op.id, null, '2026-06-15')).taken).toBe(true);
    expect(await gate.used(op.id, '2026-06-15')).toBe(4);
    expect((await gate.take(op.id, 0, '2026-06-15')).taken).toBe(false);
  });
});
