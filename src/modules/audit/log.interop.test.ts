import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { buildApp } from '../../test/fixtures.ts';
import { createTestDb } from '../../test/db.ts';
import { BatchedAuditSink, type AuditEntry } from './audit.sink.ts';
import { generateSignerKey, parseSignerKey } from './log.note.ts';
import { allCheckpoints, consistencyBetween, inclusionForRequest } from './log.proofs.ts';
import { LogSequencer } from './log.sequencer.ts';

/**
 * Interoperability: Go's golang.org/x/mod/sumdb/note and sumdb/tlog (tools/tlog-verify, built offline from
 * Debian's golang-golang-x-mod-dev) verify the checkpoint, every tile and entry bundle served over loopback,
 * and Gerbang's inclusion and consistency proofs.
 */
const goFound = spawnSync('go', ['version']).status === 0;
const GOPATH = process.env.TLOG_VERIFY_GOPATH ?? '/usr/share/gocode';
if (!goFound) {
  console.warn(
    'log.interop.test.ts skipped: `go` is not installed (apt-get install golang-go golang-golang-x-mod-dev)',
  );
}

const ORIGIN = 'interop.gerbang.localhost/log';
let dir: string;
let db: Db;
let app: FastifyInstance;
let url: string;
let binary: string;
const signerKey = generateSignerKey(ORIGIN);
const signer = parseSignerKey(signerKey);

const entry = (i: number): AuditEntry => ({
  at: new Date(),
  requestId: `req_interop_${i}`,
  protocol: 'v1',
  method: 'portal',
  institutionId: 'ins_interop',
  accountId: 'acc_interop',
  username: 'interop.op1',
  nik: '3301015204900001',
  elementsRequested: ['NIK'],
  elementsReturned: ['NIK'],
  outcome: 'found',
  callerIp: '127.0.0.1',
});

/** Runs the Go verifier without blocking this process (it serves the log the verifier fetches). */
function verify(proofs?: unknown): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const args = ['-url', `${url}/log`, '-vkey', signer.vkey, '-origin', ORIGIN];
  if (proofs) {
    writeFileSync(join(dir, 'proofs.json'), JSON.stringify(proofs));
    args.push('-proofs', join(dir, 'proofs.json'));
  }
  return new Promise((done) => {
    execFile(binary, args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
      done({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!goFound)(
  'an independent implementation (Go sumdb/tlog, sumdb/note) verifies the log',
  () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gerbang-tlog-'));
      binary = join(dir, 'tlog-verify');
      execFileSync('go', ['build', '-o', binary, './tools/tlog-verify'], {
        env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(dir, 'gocache'), GOFLAGS: '' },
      });
      writeFileSync(join(dir, 'log.key'), signerKey);
      db = await createTestDb();
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        LOG_ORIGIN: ORIGIN,
        LOG_KEY_FILE: join(dir, 'log.key'),
        LOG_INTERVAL_MS: '60000',
      });
      app = await buildApp({ config, db, logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      // Rows through the real sink; checkpoints at 300 and 1,100 leaves (tiles of two levels, partial ones).
      const sink = new BatchedAuditSink(db);
      const sequencer = new LogSequencer(db, {
        now: () => new Date(),
        origin: ORIGIN,
        signer,
        minCheckpointMs: 0,
        batch: 300,
      });
      await Promise.all(Array.from({ length: 300 }, (_, i) => sink.record(entry(i))));
      await sequencer.catchUp();
      await Promise.all(Array.from({ length: 800 }, (_, i) => sink.record(entry(300 + i))));
      await sequencer.catchUp();
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('checks the signed checkpoint, every tile and entry, and Gerbang’s proofs', async () => {
      const cps = await allCheckpoints(db);
      const sizes = cps.map((c) => c.treeSize);
      expect(sizes).toEqual(expect.arrayContaining([300, 1100]));
      const inclusion = [];
      for (const i of [0, 1, 255, 256, 299, 777, 1099]) {
        const { proofs } = await inclusionForRequest(db, `req_interop_${i}`);
        inclusion.push(...proofs);
      }
      const consistency = [];
      for (const old of sizes.filter((s) => s > 0 && s < 1100)) {
        const a = cps.find((c) => c.treeSize === old)!;
        const b = cps.find((c) => c.treeSize === 1100)!;
        consistency.push({
          oldSize: old,
          oldRoot: a.rootHash.toString('base64'),
          newSize: 1100,
          newRoot: b.rootHash.toString('base64'),
          proof: (await consistencyBetween(db, old, 1100)).map((h) => h.toString('base64')),
        });
      }
      const r = await verify({ inclusion, consistency });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        treeSize: 1100,
        entries: 1100,
        inclusion: 7,
        consistency: consistency.length,
      });
      // The public resources carry the tlog-tiles content types and caching.
      const cp = await fetch(`${url}/log/checkpoint`);
      expect(cp.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(cp.headers.get('cache-control')).toBe('public, max-age=1');
      const tile = await fetch(`${url}/log/tile/0/001`);
      expect(tile.headers.get('content-type')).toBe('application/octet-stream');
      expect(tile.headers.get('cache-control')).toContain('immutable');
      expect((await tile.arrayBuffer()).byteLength).toBe(8192);
      expect((await fetch(`${url}/log/tile/0/004`)).status).toBe(404);
      expect((await fetch(`${url}/log/tile/0/004.p/76`)).status).toBe(200);
      expect((await fetch(`${url}/log/tile/0/4`)).status).toBe(404);
    }, 180_000);

    it('fails on a tampered tile, a tampered entry and a forged proof (the check is real)', async () => {
      await db.query(
        `UPDATE log_tiles SET hashes = overlay(hashes placing $1 from 33) WHERE level = 0 AND idx = 2`,
        [Buffer.alloc(32, 9)],
      );
      const tile = await verify();
      expect(tile.status).toBe(1);
      expect(tile.stderr).toMatch(/tlog-verify/);
      await db.query(
        `UPDATE log_tiles SET hashes = overlay(hashes placing $1 from 33) WHERE level = 0 AND idx = 2`,
        [
          (
            await db.query<{ h: Uint8Array }>(
              `SELECT sha256('\\x00'::bytea || leaf_commitment) AS h FROM access_audit WHERE leaf_index = 513`,
            )
          ).rows[0]!.h,
        ],
      );
      expect((await verify()).status).toBe(0);
      await db.query(`UPDATE access_audit SET leaf_commitment = $1 WHERE leaf_index = 700`, [
        Buffer.alloc(32, 1),
      ]);
      const entryTampered = await verify();
      expect(entryTampered.status).toBe(1);
      expect(entryTampered.stderr).toContain('entry 700');
      const { proofs } = await inclusionForRequest(db, 'req_interop_5');
      const forged = { ...proofs[0]!, proof: [...proofs[0]!.proof].reverse() };
      const r = await verify({ inclusion: [forged], consistency: [] });
      expect(r.status).toBe(1);
    }, 180_000);
  },
);
