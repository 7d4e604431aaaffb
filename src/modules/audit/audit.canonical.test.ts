import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { seedWorld, testApp, type World } from '../../test/fixtures.ts';
import { OUTCOMES, type Outcome } from '../access/outcomes.ts';
import { canonicalRow, canonicalText, encodeCanonical, MAX_FIELD_UNITS } from './audit.canonical.ts';
import { generateSignerKey, parseSignerKey } from './log.note.ts';
import { latestCheckpoint } from './log.proofs.ts';
import { LogSequencer } from './log.sequencer.ts';
import { verifyLog } from './log.verify.ts';
import { BatchedAuditSink, type AuditEntry } from './audit.sink.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
const makeSequencer = (d: Db) =>
  new LogSequencer(d, {
    now: () => new Date(),
    origin: 'test.gerbang.localhost/log',
    signer: parseSignerKey(generateSignerKey('test.gerbang.localhost/log')),
    minCheckpointMs: 0,
  });
let sequencer: LogSequencer;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  sequencer = makeSequencer(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the canonical encoding hashes exactly what is stored', () => {
  it('a wire call with a lone surrogate in USER_ID (issue #17 item 2) leaves the audit verifiable', async () => {
    // The body is JSON text with the escape sequence itself, as an attacker would send it over the wire.
    const body =
      `{"USER_ID":"probe\\ud800","PASSWORD":"x","IP_USER":"127.0.0.1","NIK":"3301015204900001",` +
      `"NAMA_LGKP":"A\\udfff\\u0000B"}`;
    const res = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_VERIFY_BY_ELEMEN`,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await db.query<{ username: string }>(
      `SELECT username FROM access_audit WHERE request_id = $1`,
      [res.headers['x-request-id']],
    );
    // The edge rule (src/http/edge.ts) refuses text with a lone surrogate before any route reads it: the
    // attempt is audited as an unknown caller (wire 07), so nothing unstorable reaches the row. The sink's own
    // canonicalisation (U+FFFD) is exercised directly by the property test below.
    expect(rows).toEqual([{ username: null }]);
    expect(JSON.parse(res.body).content[0].RESPONSE_CODE).toBe('07');
    // A later, honest call is audited too, and the whole audit verifies.
    await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      payload: { USER_ID: 'probe2', PASSWORD: 'x', IP_USER: '127.0.0.1', NIK: '3301015204900001' },
    });
    // The server's own background sequencer (LOG_INTERVAL_MS) puts both rows into a signed checkpoint.
    await vi.waitFor(async () => expect((await latestCheckpoint(db))?.treeSize).toBeGreaterThanOrEqual(2), {
      timeout: 30_000,
      interval: 200,
    });
    await sequencer.catchUp();
    const report = await verifyLog(db);
    expect(report.firstBroken).toBeUndefined();
    expect(report).toMatchObject({ ok: true, problems: [], problemCount: 0, pending: 0 });
    expect(report.treeSize).toBeGreaterThanOrEqual(2);
  });
});

// Any UTF-16 code unit, lone surrogates and NUL included, plus pieces that break naive handling.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const nasty = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\ufffe',
  '\uffff',
  '\u{10ffff}',
  'e\u0301', // NFD
  '\u00e9', // NFC
  '"',
  '\\',
  '{',
  '}',
  ',',
  'NULL',
  ' ',
);
const anyString = fc.oneof(
  fc.string({ unit: fc.oneof(codeUnit, nasty), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Very long strings (bounded by the canonical encoding).
  fc.string({ unit: fc.oneof(codeUnit, nasty), minLength: 2000, maxLength: 6000 }),
);
const anyOutcome = fc.constantFrom(...(Object.keys(OUTCOMES) as Outcome[]));
const anyEntry: fc.Arbitrary<AuditEntry> = fc.record({
  requestId: anyString,
  protocol: fc.constantFrom('v1' as const, 'wire' as const),
  method: fc.constantFrom('verification' as const, 'portal' as const),
  institutionId: fc.option(anyString),
  accountId: fc.option(anyString),
  username: fc.option(anyString),
  nik: fc.option(anyString),
  elementsRequested: fc.array(anyString, { maxLength: 5 }),
  elementsReturned: fc.array(anyString, { maxLength: 5 }),
  outcome: anyOutcome,
  callerIp: anyString,
  at: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  agreementVersionId: fc.option(anyString),
  purpose: fc.option(anyString),
  purposeDefaulted: fc.boolean(),
});

describe('the purpose in the canonical encoding (issue #15)', () => {
  const legacy: AuditEntry = {
    requestId: 'req-1',
    protocol: 'wire',
    method: 'portal',
    institutionId: 'ins_1',
    accountId: 'acc_1',
    username: 'op1',
    nik: '3374010101900001',
    elementsRequested: ['NIK'],
    elementsReturned: [],
    outcome: 'not_found',
    callerIp: '10.0.0.1',
    at: new Date('2026-01-05T03:00:00.000Z'),
    agreementVersionId: 'agv_1',
  };
  it('leaves a row without a purpose encoded exactly as before purposes existed (old commitments hold)', () => {
    expect(encodeCanonical(canonicalRow(legacy))).toBe(
      '["2026-01-05T03:00:00.000Z","req-1","wire","portal","ins_1","acc_1","op1","3374010101900001",' +
        '["NIK"],[],"not_found","10.0.0.1","agv_1"]',
    );
  });
  it('appends the purpose and whether it was defaulted, so both are covered by the commitment', () => {
    const stated = encodeCanonical(canonicalRow({ ...legacy, purpose: 'BANSOS' }));
    const defaulted = encodeCanonical(canonicalRow({ ...legacy, purpose: 'BANSOS', purposeDefaulted: true }));
    expect(JSON.parse(stated).slice(-2)).toEqual(['BANSOS', false]);
    expect(JSON.parse(defaulted).slice(-2)).toEqual(['BANSOS', true]);
    expect(stated).not.toBe(defaulted);
  });
});

describe('canonicalText', () => {
  it('is idempotent and survives a UTF-8 round trip unchanged (what the database does to it)', () => {
    fc.assert(
      fc.property(anyString, (v) => {
        const c = canonicalText(v);
        expect(canonicalText(c)).toBe(c);
        expect(Buffer.from(c, 'utf8').toString('utf8')).toBe(c);
        expect(c.includes('\0')).toBe(false);
        expect(c.length).toBeLessThanOrEqual(MAX_FIELD_UNITS);
      }),
      { numRuns: 2000 },
    );
    expect(canonicalText('probe\ud800')).toBe('probe\uFFFD');
    expect(canonicalText('e\u0301\u00e9\uffff')).toBe('e\u0301\u00e9\uffff');
  });
});

describe('property: any strings through every audited field', () => {
  it('are stored, and the audit verifies afterwards', async () => {
    const sink = new BatchedAuditSink(db, { maxBatch: 5 });
    await fc.assert(
      fc.asyncProperty(fc.array(anyEntry, { minLength: 1, maxLength: 8 }), async (entries) => {
        // Rows of several batches at once: one bad row must not fail its neighbours.
        await Promise.all(entries.map((e) => sink.record(e)));
        await sequencer.catchUp();
        const report = await verifyLog(db);
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
