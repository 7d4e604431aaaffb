import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident } from '../../test/fixtures.ts';
import { ResidentReader } from './residents.reader.ts';
import { findResident } from './residents.repo.ts';
import type { ResidentRow } from './residents.types.ts';

let db: Db;
const people: ResidentRow[] = [];

/** The database with its `query` passed through `query` (everything else as it is). */
function withQuery(inner: Db, query: Db['query']): Db {
  return {
    kind: inner.kind,
    query,
    transaction: (fn) => inner.transaction(fn),
    exec: (sql) => inner.exec(sql),
    close: () => inner.close(),
  };
}

/** The database, recording the NIK lists of the statements that read residents by a list of NIKs. */
function counting(inner: Db): { db: Db; batches: string[][] } {
  const batches: string[][] = [];
  const db = withQuery(inner, (sql, params, opts) => {
    if (opts?.prepare === 'find-resident-rows') batches.push([...(params![0] as string[])]);
    return inner.query(sql, params, opts);
  });
  return { db, batches };
}

beforeAll(async () => {
  db = await createTestDb();
  for (let i = 0; i < 12; i++) {
    people.push(
      await addResident(db, {
        fullName: `WARGA UJI ${i}`,
        villageCode: i % 2 ? '3301012001' : '3171011001',
        recordStatus: i === 5 ? 'deceased' : 'active',
      }),
    );
  }
});
afterAll(() => db?.close());

describe('ResidentReader', () => {
  it('gives each caller exactly the record of its own NIK, as the joined read has it', async () => {
    const reader = new ResidentReader(db);
    for (const p of people.slice(0, 3)) {
      expect(await reader.read(p.nik)).toEqual(await findResident(db, p.nik));
    }
  });

  it('coalesces reads asked for while statements are out: fewer statements, same answers', async () => {
    const c = counting(db);
    const reader = new ResidentReader(c.db, { maxInFlight: 1 });
    const missing = '3301010101999999';
    const asked = [...people.map((p) => p.nik), missing, people[3]!.nik, people[3]!.nik];
    const answers = await Promise.all(asked.map((nik) => reader.read(nik)));
    expect(answers.map((r) => r?.nik ?? null)).toEqual([
      ...people.map((p) => p.nik),
      null,
      people[3]!.nik,
      people[3]!.nik,
    ]);
    expect(answers[5]!.recordStatus).toBe('deceased');
    expect(answers[0]!.fullName).toBe('WARGA UJI 0');
    expect(answers[1]!.provinceName).toBe('JAWA TENGAH');
    // The first read goes alone at once; the other 14 waited for it and went together, each NIK once (12).
    expect(c.batches.map((b) => b.length)).toEqual([1, 12]);
  });

  it('never holds more statements out than allowed, and splits a long queue into batches of maxBatch', async () => {
    const c = counting(db);
    const reader = new ResidentReader(c.db, { maxInFlight: 2, maxBatch: 4 });
    const answers = await Promise.all(people.map((p) => reader.read(p.nik)));
    expect(answers.map((r) => r!.nik)).toEqual(people.map((p) => p.nik));
    expect(c.batches.map((b) => b.length)).toEqual([1, 1, 4, 4, 2]);
  });

  it('fails the callers of a failed statement, and serves the next ones', async () => {
    let fail = true;
    const flaky = withQuery(db, (sql, params, opts) =>
      fail && opts?.prepare === 'find-resident-rows'
        ? Promise.reject(new Error('connection lost'))
        : db.query(sql, params, opts),
    );
    const reader = new ResidentReader(flaky, { maxInFlight: 1 });
    const failed = await Promise.allSettled(people.slice(0, 3).map((p) => reader.read(p.nik)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    fail = false;
    expect((await reader.read(people[0]!.nik))!.nik).toBe(people[0]!.nik);
  });
});
