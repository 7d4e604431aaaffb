import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { checkConsistency, checkInclusion, leafHash } from './log.merkle.ts';
import { generateSignerKey, parseSignerKey } from './log.note.ts';
import { allCheckpoints, consistencyBetween, inclusionForRequest } from './log.proofs.ts';
import { LogSequencer, sequencerTickMs } from './log.sequencer.ts';
import { verifyLog, type LogReport } from './log.verify.ts';
import { BatchedAuditSink, commitLegacyRows, type AuditEntry } from './audit.sink.ts';

let db: Db;
let sink: BatchedAuditSink;
let sequencer: LogSequencer;
const signer = parseSignerKey(generateSignerKey('test.gerbang.localhost/log'));
const vkeys = [signer.vkey];

function entry(i: number, at: Date): AuditEntry {
  return {
    requestId: `req_log_${i}`,
    protocol: i % 2 ? 'v1' : 'wire',
    method: i % 3 ? 'portal' : 'verification',
    institutionId: 'ins_log',
    accountId: 'acc_log',
    username: 'log.op1',
    nik: `33010152049${String(10000 + i).slice(-5)}`,
    elementsRequested: ['NIK', 'NAMA_LGKP'],
    elementsReturned: i % 4 ? ['NAMA_LGKP'] : [],
    outcome: i % 5 ? 'found' : 'not_found',
    callerIp: '127.0.0.1',
    at,
  };
}

const t0 = Date.parse('2026-06-14T10:00:00.000Z');

beforeAll(async () => {
  db = await createTestDb();
  sink = new BatchedAuditSink(db, { maxBatch: 7 });
  sequencer = new LogSequencer(db, {
    now: () => new Date(),
    origin: 'test.gerbang.localhost/log',
    signer,
    minCheckpointMs: 0,
    batch: 16,
  });
  // Rows written before the log existed (id ≤ legacy_max_id) are adopted once.
  await db.query(
    `INSERT INTO access_audit (at, request_id, protocol, method, outcome, caller_ip)
     VALUES ($1, 'req_legacy_1', 'v1', 'portal', 'found', '127.0.0.1'),
            ($1, 'req_legacy_2', 'wire', 'verification', 'login_failed', '127.0.0.1')`,
    [new Date(t0 - 60_000).toISOString()],
  );
  await db.query('UPDATE log_state SET legacy_max_id = (SELECT max(id) FROM access_audit)');
  expect(await commitLegacyRows(db)).toBe(2);
  // Concurrent records fall into several batches; several sequencer steps (16 rows each) sign checkpoints.
  await Promise.all(Array.from({ length: 20 }, (_, i) => sink.record(entry(i, new Date(t0 + i)))));
  await sequencer.catchUp();
  await Promise.all(Array.from({ length: 280 }, (_, i) => sink.record(entry(20 + i, new Date(t0 + 20 + i)))));
  await sequencer.catchUp();
});
afterAll(() => db?.close());

/** Tampers inside a transaction, verifies there, and rolls back so every test starts from an intact log. */
async function verifyAfter(tamper: (tx: Db) => Promise<unknown>, maxProblems = 100): Promise<LogReport> {
  let report: LogReport | undefined;
  await db
    .transaction(async (tx) => {
      await tamper(tx);
      report = await verifyLog(tx, { vkeys, pageSize: 9, maxProblems });
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
  return report!;
}

const idOfLeaf = async (leaf: number) =>
  Number(
    (await db.query<{ id: number }>('SELECT id FROM access_audit WHERE leaf_index = $1', [leaf])).rows[0]!.id,
  );

describe('the access audit as a transparency log', () => {
  it('holds after group-committed batches and sequencer steps: every leaf, tile and signed checkpoint', async () => {
    const report = await verifyLog(db, { vkeys, pageSize: 9 });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      rowsChecked: 302,
      treeSize: 302,
      pending: 0,
      trustedKeys: true,
    });
    const checkpoints = await allCheckpoints(db);
    expect(checkpoints.length).toBeGreaterThan(10);
    expect(checkpoints.at(-1)!.treeSize).toBe(302);
    expect(checkpoints.at(-1)!.note).toMatch(
      /^test\.gerbang\.localhost\/log\n302\n[A-Za-z0-9+/]{43}=\n\n— test\.gerbang\.localhost\/log [A-Za-z0-9+/=]+\n$/,
    );
    // A key the operator did not configure is not trusted.
    const other = parseSignerKey(generateSignerKey('test.gerbang.localhost/log'));
    const untrusted = await verifyLog(db, { vkeys: [other.vkey] });
    expect(untrusted.problems.every((p) => p.problem === 'checkpoint_signature')).toBe(true);
    expect(untrusted.problemCount).toBe(checkpoints.length);
  });

  it('proves inclusion of a record and consistency between checkpoints', async () => {
    const { proofs, pending } = await inclusionForRequest(db, 'req_log_123');
    expect(pending).toBe(0);
    expect(proofs).toHaveLength(1);
    const p = proofs[0]!;
    const b = (s: string) => Buffer.from(s, 'base64');
    expect(checkInclusion(b(p.leafHash), p.leafIndex, p.treeSize, p.proof.map(b), b(p.rootHash))).toBe(true);
    expect(leafHash(b(p.commitment)).toString('base64')).toBe(p.leafHash);
    expect(checkInclusion(b(p.leafHash), p.leafIndex + 1, p.treeSize, p.proof.map(b), b(p.rootHash))).toBe(
      false,
    );
    const cps = await allCheckpoints(db);
    for (const [a, c] of [
      [cps[1]!, cps.at(-1)!],
      [cps[3]!, cps[7]!],
    ] as const) {
      const proof = await consistencyBetween(db, a.treeSize, c.treeSize);
      expect(checkConsistency(a.treeSize, a.rootHash, c.treeSize, c.rootHash, proof)).toBe(true);
      expect(checkConsistency(a.treeSize, c.rootHash, c.treeSize, c.rootHash, proof)).toBe(false);
    }
  });

  it('names an edited row, and every edited row', async () => {
    const id = await idOfLeaf(17);
    const one = await verifyAfter((tx) =>
      tx.query(`UPDATE access_audit SET outcome = 'deceased' WHERE id = $1`, [id]),
    );
    expect(one.problems).toEqual([{ problem: 'leaf_mismatch', id, leafIndex: 17 }]);
    const ids = [await idOfLeaf(5), await idOfLeaf(130), await idOfLeaf(290)];
    const edit = (tx: Db) =>
      tx.query(`UPDATE access_audit SET nik = '3301015204900001' WHERE id = ANY($1)`, [ids]);
    const all = await verifyAfter(edit);
    expect(all.problems.map((p) => p.leafIndex)).toEqual([5, 130, 290]);
    const firstTwo = await verifyAfter(edit, 2);
    expect(firstTwo.problems.map((p) => p.leafIndex)).toEqual([5, 130]);
    expect(firstTwo.problemCount).toBe(3);
  });

  it('names a deleted row, in the middle or at the end', async () => {
    const middle = await verifyAfter((tx) => tx.query('DELETE FROM access_audit WHERE leaf_index = 12'));
    expect(middle.problems).toEqual([{ problem: 'missing_leaf', id: null, leafIndex: 12 }]);
    const last = await verifyAfter((tx) => tx.query('DELETE FROM access_audit WHERE leaf_index = 301'));
    expect(last.problems).toEqual([{ problem: 'missing_leaf', id: null, leafIndex: 301 }]);
  });

  it('names an inserted row, outside the log or squeezed into it', async () => {
    const loose = await verifyAfter((tx) =>
      tx.query(
        `INSERT INTO access_audit (at, request_id, protocol, method, outcome, caller_ip)
         VALUES (now(), 'req_forged', 'v1', 'portal', 'found', '10.0.0.1')`,
      ),
    );
    expect(loose.problems).toMatchObject([{ problem: 'uncommitted_row', leafIndex: null }]);
    const squeezed = await verifyAfter(async (tx) => {
      await tx.query('UPDATE access_audit SET leaf_index = leaf_index + 1000 WHERE leaf_index >= 20');
      await tx.query('UPDATE access_audit SET leaf_index = leaf_index - 999 WHERE leaf_index >= 1020');
      await tx.query(
        `INSERT INTO access_audit (leaf_index, leaf_salt, leaf_commitment, at, request_id, protocol, method, outcome, caller_ip)
         SELECT 20, leaf_salt, leaf_commitment, now(), 'req_forged', 'v1', 'portal', 'found', '10.0.0.1'
           FROM access_audit WHERE leaf_index = 19`,
      );
    }, 1000);
    expect(squeezed.firstBroken).toMatchObject({ problem: 'leaf_mismatch', leafIndex: 20 });
    expect(squeezed.problems.find((p) => p.problem === 'leaf_beyond_tree')).toBeTruthy();
  });

  it('names reordered rows: exactly the two swapped', async () => {
    const [a, b] = [await idOfLeaf(8), await idOfLeaf(9)];
    const report = await verifyAfter(async (tx) => {
      await tx.query('UPDATE access_audit SET leaf_index = -1 WHERE leaf_index = 8');
      await tx.query('UPDATE access_audit SET leaf_index = 8 WHERE leaf_index = 9');
      await tx.query('UPDATE access_audit SET leaf_index = 9 WHERE leaf_index = -1');
    });
    expect(report.problems).toEqual([
      { problem: 'leaf_mismatch', id: b, leafIndex: 8 },
      { problem: 'leaf_mismatch', id: a, leafIndex: 9 },
    ]);
  });

  it('names a rewritten checkpoint, and a tree rewritten to match an edited row', async () => {
    const cps = await allCheckpoints(db);
    const target = cps[4]!;
    const rewritten = await verifyAfter((tx) =>
      tx.query(`UPDATE log_checkpoints SET note = replace(note, $1, $2) WHERE tree_size = $3`, [
        `\n${target.treeSize}\n`,
        `\n${target.treeSize - 1}\n`,
        target.treeSize,
      ]),
    );
    expect(rewritten.problems).toEqual([
      { problem: 'checkpoint_signature', id: null, leafIndex: null, treeSize: target.treeSize },
    ]);
    // The leaf tile rewritten too, so the row matches its leaf: the signed roots no longer do.
    const tree = await verifyAfter(async (tx) => {
      await tx.query(
        `UPDATE log_tiles SET hashes = overlay(hashes placing $1 from 1) WHERE level = 0 AND idx = 0`,
        [Buffer.alloc(32, 7)],
      );
    });
    expect(tree.problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining(['leaf_mismatch', 'checkpoint_mismatch', 'tile_mismatch']),
    );
    expect(tree.problems.filter((p) => p.problem === 'checkpoint_mismatch').length).toBe(
      cps.filter((c) => c.treeSize > 0).length,
    );
  });

  it('keeps one log across several sinks and sequencers (several gateway processes) at once', async () => {
    const others = [new BatchedAuditSink(db), new BatchedAuditSink(db, { maxBatch: 3 })];
    const sequencers = [
      sequencer,
      new LogSequencer(db, {
        now: () => new Date(),
        origin: 'test.gerbang.localhost/log',
        signer,
        minCheckpointMs: 0,
        batch: 5,
      }),
    ];
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => others[i % 2]!.record(entry(400 + i, new Date(t0 + 1000 + i)))),
      sequencers[0]!.step(),
      sequencers[1]!.step(),
    ]);
    await Promise.all([sequencers[0]!.catchUp(), sequencers[1]!.catchUp()]);
    expect(await verifyLog(db, { vkeys })).toMatchObject({ ok: true, treeSize: 332, pending: 0 });
  });

  it('stores what callers typed exactly (quotes, backslashes, braces, commas), drops NUL, and loses no neighbour', async () => {
    const odd = ['NAMA_LGKP', 'a"b', 'c\\d', '{e,f}', 'NULL', '', 'g\u0000h'];
    await Promise.all([
      sink.record({ ...entry(500, new Date(t0 + 5000)), username: 'evil\u0000user', elementsRequested: odd }),
      sink.record(entry(501, new Date(t0 + 5001))),
    ]);
    const { rows } = await db.query<{ username: string; elements_requested: string[] }>(
      `SELECT username, elements_requested FROM access_audit WHERE request_id IN ('req_log_500', 'req_log_501')
        ORDER BY request_id`,
    );
    expect(rows).toEqual([
      { username: 'eviluser', elements_requested: ['NAMA_LGKP', 'a"b', 'c\\d', '{e,f}', 'NULL', '', 'gh'] },
      { username: 'log.op1', elements_requested: ['NIK', 'NAMA_LGKP'] },
    ]);
    expect(await verifyLog(db, { vkeys })).toMatchObject({ ok: true, pending: 2 });
    await sequencer.catchUp();
    expect(await verifyLog(db, { vkeys })).toMatchObject({ ok: true, pending: 0, treeSize: 334 });
  });

  it('signs a new checkpoint on the first step after the interval, and steps ten times per interval', async () => {
    // The clock runs ahead of the other tests' checkpoints (signed with the real clock).
    let now = Date.now() + 60_000;
    const timed = new LogSequencer(db, {
      origin: 'test.gerbang.localhost/log',
      signer,
      minCheckpointMs: 1000,
      now: () => new Date(now),
    });
    await sink.record(entry(900, new Date()));
    expect((await timed.step()).checkpoint).toBe('new');
    await sink.record(entry(901, new Date()));
    now += 999;
    // The row becomes a leaf at once; its checkpoint waits for the interval.
    expect(await timed.step()).toMatchObject({ sequenced: 1, checkpoint: null });
    now += 1;
    expect(await timed.step()).toMatchObject({ sequenced: 0, checkpoint: 'new' });
    // A row waits for a checkpoint at most the interval and one step (a tenth of it, 50–100 ms).
    expect([sequencerTickMs(1000), sequencerTickMs(200), sequencerTickMs(60_000)]).toEqual([100, 50, 100]);
  });
});
