import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addOperator, addResident, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { addCaller, auditOutcomes, hitsOf, v1Lookup, wireLookup } from './misuse.fixtures.ts';
import { readClientTimestamp } from './replay.ts';

/**
 * Replay protection on v1 (X-Client-Request-Id, X-Client-Timestamp) and the wire (REQUEST_ID, TIMESTAMP):
 * a repeated ID per institution or a timestamp outside ±300 s is refused with its own outcome, audited
 * once, without a hit; absent ones change nothing.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
let resident: ResidentRow;
let now = new Date('2027-06-14T03:00:00Z');
const tick = (ms = 20_000) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock: () => now });
  resident = await addResident(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function expectRefused(res: Awaited<ReturnType<typeof v1Lookup>>, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
}

describe('v1', () => {
  it('refuses a repeated client request ID (409 REPLAYED_REQUEST), audited, without a hit', async () => {
    const c = await addCaller(db, app, world);
    const first = await v1Lookup(app, c, resident.nik, { 'x-client-request-id': 'kasus-2027-0001' });
    expect(first.statusCode).toBe(200);
    expect(await hitsOf(db, c.operator.id)).toBe(1);
    tick();
    const again = await v1Lookup(app, c, resident.nik, { 'x-client-request-id': 'kasus-2027-0001' });
    await expectRefused(again, 409, 'REPLAYED_REQUEST');
    expect(await hitsOf(db, c.operator.id)).toBe(1);
    expect(await auditOutcomes(db, c.operator.id)).toEqual(['found', 'replayed_request']);
    // Still refused hours later (retention 24 h), and for another account of the same institution.
    tick(6 * 3600_000);
    const colleague = { ...c, operator: await addOperator(db, c.institution, { dailyQuota: null }) };
    colleague.token = await tokenFor(app, colleague.operator.username);
    const later = await v1Lookup(app, colleague, resident.nik, { 'x-client-request-id': 'kasus-2027-0001' });
    await expectRefused(later, 409, 'REPLAYED_REQUEST');
    expect(await hitsOf(db, colleague.operator.id)).toBe(0);
    // IDs are per institution: another institution may use the same one.
    const d = await addCaller(db, app, world);
    expect(
      (await v1Lookup(app, d, resident.nik, { 'x-client-request-id': 'kasus-2027-0001' })).statusCode,
    ).toBe(200);
  });

  it('refuses a timestamp outside ±300 s or unreadable (400 STALE_TIMESTAMP), without a hit or using up the ID', async () => {
    const c = await addCaller(db, app, world);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    for (const ts of [at(-301_000), at(301_000), String(now.getTime() - 400_000), 'kemarin', '2027-06-14']) {
      const res = await v1Lookup(app, c, resident.nik, {
        'x-client-timestamp': ts,
        'x-client-request-id': 'r-1',
      });
      await expectRefused(res, 400, 'STALE_TIMESTAMP');
    }
    expect(await hitsOf(db, c.operator.id)).toBe(0);
    expect(await auditOutcomes(db, c.operator.id)).toEqual(Array(5).fill('stale_timestamp'));
    // Within the skew, ISO 8601 with an offset or epoch milliseconds: accepted, and r-1 is still unused.
    const wib = new Date(now.getTime() + 7 * 3600_000 - 299_000).toISOString().replace('Z', '+07:00');
    expect(
      (await v1Lookup(app, c, resident.nik, { 'x-client-timestamp': wib, 'x-client-request-id': 'r-1' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await v1Lookup(app, c, resident.nik, { 'x-client-timestamp': String(now.getTime() + 299_000) }))
        .statusCode,
    ).toBe(200);
    expect(await hitsOf(db, c.operator.id)).toBe(2);
  });

  it('accepts requests without the headers, repeated at will; refuses a malformed ID as invalid without a hit', async () => {
    const c = await addCaller(db, app, world);
    for (let i = 0; i < 3; i += 1) expect((await v1Lookup(app, c, resident.nik)).statusCode).toBe(200);
    expect((await v1Lookup(app, c, resident.nik, { 'x-client-request-id': '' })).statusCode).toBe(200);
    await expectRefused(
      await v1Lookup(app, c, resident.nik, { 'x-client-request-id': 'bukan id; drop' }),
      400,
      'INVALID_REQUEST',
    );
    await expectRefused(
      await v1Lookup(app, c, resident.nik, { 'x-client-request-id': 'x'.repeat(129) }),
      400,
      'INVALID_REQUEST',
    );
    expect(await hitsOf(db, c.operator.id)).toBe(4);
  });
});

describe('wire', () => {
  it('REQUEST_ID repeated → 19, TIMESTAMP stale → 20, keys in any case, without a hit', async () => {
    const c = await addCaller(db, app, world);
    expect(
      (await wireLookup(app, c, { NIK: resident.nik, request_id: 'WIRE-1', Timestamp: now.getTime() }))
        .RESPONSE_CODE,
    ).toBe('01');
    expect(await wireLookup(app, c, { NIK: resident.nik, REQUEST_ID: 'WIRE-1' })).toEqual({
      RESPON: 'Permintaan ditolak: REQUEST_ID sudah pernah dipakai',
      RESPONSE_CODE: '19',
    });
    expect(
      await wireLookup(app, c, {
        NIK: resident.nik,
        TIMESTAMP: new Date(now.getTime() - 3600_000).toISOString(),
      }),
    ).toEqual({
      RESPON: 'Permintaan ditolak: TIMESTAMP di luar batas waktu yang diizinkan',
      RESPONSE_CODE: '20',
    });
    expect((await wireLookup(app, c, { NIK: resident.nik, REQUEST_ID: 'bukan id!' })).RESPONSE_CODE).toBe(
      '07',
    );
    expect((await wireLookup(app, c, { NIK: resident.nik })).RESPONSE_CODE).toBe('01');
    expect(await hitsOf(db, c.operator.id)).toBe(2);
    expect(await auditOutcomes(db, c.operator.id)).toEqual([
      'found',
      'replayed_request',
      'stale_timestamp',
      'invalid_request',
      'found',
    ]);
  });

  it('shares the IDs of an institution between v1 and the wire', async () => {
    const c = await addCaller(db, app, world);
    expect((await v1Lookup(app, c, resident.nik, { 'x-client-request-id': 'SAMA-1' })).statusCode).toBe(200);
    expect((await wireLookup(app, c, { NIK: resident.nik, REQUEST_ID: 'SAMA-1' })).RESPONSE_CODE).toBe('19');
  });
});

describe('readClientTimestamp', () => {
  it('reads ISO 8601 with Z or an offset, and epoch milliseconds; nothing else', () => {
    expect(readClientTimestamp('2027-06-14T03:00:00Z')).toBe(Date.UTC(2027, 5, 14, 3));
    expect(readClientTimestamp('2027-06-14T10:00:00.123+07:00')).toBe(Date.UTC(2027, 5, 14, 3, 0, 0, 123));
    expect(readClientTimestamp(' 1812942000000 ')).toBe(1812942000000);
    for (const bad of ['2027-06-14', '2027-06-14T03:00:00', 'Mon, 14 Jun 2027 03:00:00 GMT', '-5', '1e12']) {
      expect(readClientTimestamp(bad), bad).toBeNull();
    }
  });
});
