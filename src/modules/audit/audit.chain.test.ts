import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { verifyChain, type ChainReport } from './audit.chain.ts';
import { ChainedAuditSink, chainLegacyRows, type AuditEntry } from './audit.sink.ts';

let db: Db;
let sink: ChainedAuditSink;

function entry(i: number, at: Date): AuditEntry {
  return {
    requestId: `req_chain_${i}`,
    protocol: i % 2 ? 'v1' : 'wire',
    method: i % 3 ? 'portal' : 'verification',
    institutionId: 'ins_chain',
    accountId: 'acc_chain',
    username: 'chain.op1',
    nik: `33010152049${String(10000 + i).slice(-5)}`,
    elementsRequested: ['NIK', 'NAMA_LGKP'],
    elementsReturned: i % 4 ? ['NAMA_LGKP'] : [],
    outcome: i % 5 ? 'found' : 'not_found',
    callerIp: '127.0.0.1',
    at,
  };
}

// Two WIB days: 2026-06-14 (until 17:00 UTC) and 2026-06-15.
const day1 = Date.parse('2026-06-14T10:00:00.000Z');
const day2 = Date.parse('2026-06-14T18:00:00.000Z');

beforeAll(async () => {
  db = await createTestDb();
  sink = new ChainedAuditSink(db, { maxBatch: 7 });
  // Rows written before the chain existed are chained first.
  await db.query(
    `INSERT INTO access_audit (at, request_id, protocol, method, outcome, caller_ip)
     VALUES ($1, 'req_legacy_1', 'v1', 'portal', 'found', '127.0.0.1'),
            ($1, 'req_legacy_2', 'wire', 'verification', 'login_failed', '127.0.0.1')`,
    [new Date(day1 - 60_000).toISOString()],
  );
  expect(await chainLegacyRows(db)).toBe(2);
  // Concurrent records fall into several batches; every one resolves only after its batch committed.
  await Promise.all(
    Array.from({ length: 40 }, (_, i) => sink.record(entry(i, new Date((i < 25 ? day1 : day2) + i)))),
  );
});
afterAll(() => db?.close());

/** Tampers inside a transaction, verifies there, and rolls back so every test starts from an intact chain. */
async function verifyAfter(tamper: (tx: Db) => Promise<unknown>): Promise<ChainReport> {
  let report: ChainReport | undefined;
  await db
    .transaction(async (tx) => {
      await tamper(tx);
      report = await verifyChain(tx, { pageSize: 9 });
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
  return report!;
}

const idOfSeq = async (seq: number) =>
  (await db.query<{ id: number }>('SELECT id FROM access_audit WHERE seq = $1', [seq])).rows[0]!.id;

describe('the access audit hash chain', () => {
  it('holds after group-committed batches: gap-free seq, every hash, the head and a daily root', async () => {
    const report = await verifyChain(db, { pageSize: 9 });
    expect(report).toMatchObject({ ok: true, rowsChecked: 42, headSeq: 42, dailyRootsChecked: 1 });
    const { rows: roots } = await db.query<{ day: string; first_seq: number; last_seq: number }>(
      'SELECT day, first_seq, last_seq FROM audit_daily_roots',
    );
    expect(roots).toEqual([{ day: '2026-06-14', first_seq: 1, last_seq: 27 }]);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(DISTINCT seq)::int AS n FROM access_audit WHERE hash IS NOT NULL',
    );
    expect(rows[0]!.n).toBe(42);
  });

  it('names an edited row', async () => {
    const id = await idOfSeq(17);
    const report = await verifyAfter((tx) =>
      tx.query(`UPDATE access_audit SET outcome = 'not_found' WHERE id = $1`, [id]),
    );
    expect(report.firstBroken).toEqual({ problem: 'hash_mismatch', id, seq: 17 });
    const nikEdit = await verifyAfter((tx) =>
      tx.query(`UPDATE access_audit SET nik = '3301015204900001' WHERE seq = 30`),
    );
    expect(nikEdit.firstBroken).toMatchObject({ problem: 'hash_mismatch', seq: 30 });
  });

  it('names every broken row, not only the first, up to a chosen number', async () => {
    const ids = [await idOfSeq(5), await idOfSeq(21), await idOfSeq(33)];
    const edit = (tx: Db) =>
      tx.query(`UPDATE access_audit SET caller_ip = '10.9.9.9' WHERE id = ANY($1)`, [ids]);
    const all = await verifyAfter(edit);
    expect(all.ok).toBe(false);
    expect(all.problems).toEqual([
      { problem: 'hash_mismatch', id: ids[0], seq: 5 },
      { problem: 'hash_mismatch', id: ids[1], seq: 21 },
      { problem: 'hash_mismatch', id: ids[2], seq: 33 },
    ]);
    expect(all.problemCount).toBe(3);
    let firstTwo: ChainReport | undefined;
    await db
      .transaction(async (tx) => {
        await edit(tx);
        firstTwo = await verifyChain(tx, { pageSize: 4, maxProblems: 2 });
        throw new Error('rollback');
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') throw err;
      });
    expect(firstTwo!.problems.map((p) => p.seq)).toEqual([5, 21]);
    expect(firstTwo!.problemCount).toBe(3);
  });

  it('names a deleted row, in the middle or at the end', async () => {
    const middle = await verifyAfter((tx) => tx.query('DELETE FROM access_audit WHERE seq = 12'));
    expect(middle.firstBroken).toMatchObject({ problem: 'sequence_gap', seq: 13 });
    const last = await verifyAfter((tx) => tx.query('DELETE FROM access_audit WHERE seq = 42'));
    expect(last.firstBroken).toMatchObject({ problem: 'head_mismatch', seq: 42 });
  });

  it('names an inserted row, outside the chain or squeezed into it', async () => {
    const loose = await verifyAfter((tx) =>
      tx.query(
        `INSERT INTO access_audit (at, request_id, protocol, method, outcome, caller_ip)
         VALUES (now(), 'req_forged', 'v1', 'portal', 'found', '10.0.0.1')`,
      ),
    );
    expect(loose.firstBroken).toMatchObject({ problem: 'unchained_row', seq: null });
    const squeezed = await verifyAfter(async (tx) => {
      await tx.query('UPDATE access_audit SET seq = seq + 1000 WHERE seq >= 20');
      await tx.query('UPDATE access_audit SET seq = seq - 999 WHERE seq >= 1020');
      const copy = await tx.query<{ hash: string }>('SELECT hash FROM access_audit WHERE seq = 19');
      await tx.query(
        `INSERT INTO access_audit (seq, hash, at, request_id, protocol, method, outcome, caller_ip)
         VALUES (20, $1, now(), 'req_forged', 'v1', 'portal', 'found', '10.0.0.1')`,
        [copy.rows[0]!.hash],
      );
    });
    expect(squeezed.firstBroken).toMatchObject({ problem: 'hash_mismatch', seq: 20 });
  });

  it('names reordered rows', async () => {
    const report = await verifyAfter(async (tx) => {
      await tx.query('UPDATE access_audit SET seq = -1 WHERE seq = 8');
      await tx.query('UPDATE access_audit SET seq = 8 WHERE seq = 9');
      await tx.query('UPDATE access_audit SET seq = 9 WHERE seq = -1');
    });
    expect(report.firstBroken).toMatchObject({ problem: 'hash_mismatch', seq: 8 });
  });

  it('names a daily root that no longer matches', async () => {
    const report = await verifyAfter((tx) =>
      tx.query(`UPDATE audit_daily_roots SET root_hash = repeat('a', 64) WHERE day = '2026-06-14'`),
    );
    expect(report.firstBroken).toMatchObject({ problem: 'daily_root_mismatch', day: '2026-06-14' });
  });

  it('keeps one chain across several sinks (several gateway processes) writing at once', async () => {
    const others = [new ChainedAuditSink(db), new ChainedAuditSink(db, { maxBatch: 3 })];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => others[i % 2]!.record(entry(100 + i, new Date(day2 + 1000 + i)))),
    );
    expect(await verifyChain(db)).toMatchObject({ ok: true, rowsChecked: 72, headSeq: 72 });
  });

  it('stores what callers typed exactly (quotes, backslashes, braces, commas), drops NUL, and loses no neighbour', async () => {
    const odd = ['NAMA_LGKP', 'a"b', 'c\\d', '{e,f}', 'NULL', '', 'g\u0000h'];
    const before = (await verifyChain(db)).headSeq;
    await Promise.all([
      sink.record({
        ...entry(200, new Date(day2 + 5000)),
        username: 'evil\u0000user',
        elementsRequested: odd,
      }),
      sink.record(entry(201, new Date(day2 + 5001))),
    ]);
    const { rows } = await db.query<{ username: string; elements_requested: string[] }>(
      `SELECT username, elements_requested FROM access_audit WHERE request_id IN ('req_chain_200', 'req_chain_201')
        ORDER BY request_id`,
    );
    expect(rows).toEqual([
      { username: 'eviluser', elements_requested: ['NAMA_LGKP', 'a"b', 'c\\d', '{e,f}', 'NULL', '', 'gh'] },
      { username: 'chain.op1', elements_requested: ['NIK', 'NAMA_LGKP'] },
    ]);
    expect(await verifyChain(db)).toMatchObject({ ok: true, headSeq: before + 2 });
  });
});
