import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { generateResidents } from '../modules/residents/residents.generator.ts';
import { insertResidents } from '../modules/residents/residents.bulk.ts';
import { createTestDb } from '../test/db.ts';
import { testApp, testConfig } from '../test/fixtures.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';
import { demoResident } from './resident.ts';

// The demo as "Cek akses data saya" needs it: purposes granted and stated, every resident reachable by e-mail.
let db: Db;
let app: FastifyInstance;
beforeAll(async () => {
  db = await createTestDb();
  await insertResidents(db, [...generateResidents({ seed: 11, count: 600 })]);
  expect(await seedDemo(db, testConfig, new Date(), { historyDays: 10 })).not.toBeNull();
  app = await testApp(db);
}, 300_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the demo for the resident portal', () => {
  it('grants each agreement purposes with a default, in a version of its terms', async () => {
    const { rows } = await db.query<{ code: string; codes: string[]; def: string | null; v: string | null }>(
      `SELECT i.code, v.purpose_codes AS codes, v.default_purpose AS def, a.current_version_id AS v
         FROM agreements a JOIN institutions i ON i.id = a.institution_id
         LEFT JOIN agreement_versions v ON v.id = a.current_version_id`,
    );
    expect(rows.length).toBe(7);
    for (const r of rows) {
      expect(r.v, r.code).not.toBeNull();
      expect(r.codes.length, r.code).toBeGreaterThan(0);
      expect(r.codes, r.code).toContain(r.def);
    }
  });

  it("records a purpose on the history's answered accesses: stated in v1, the default on the wire", async () => {
    const { rows } = await db.query<{ protocol: string; stated: number; defaulted: number; none: number }>(
      `SELECT protocol, count(*) FILTER (WHERE purpose IS NOT NULL AND NOT purpose_defaulted)::int AS stated,
              count(*) FILTER (WHERE purpose_defaulted)::int AS defaulted,
              count(*) FILTER (WHERE purpose IS NULL)::int AS none
         FROM access_audit WHERE outcome = 'found' GROUP BY protocol ORDER BY protocol`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.protocol, r]));
    expect(by.v1!.stated).toBeGreaterThan(0);
    expect(by.v1!.none + by.v1!.defaulted).toBe(0);
    expect(by.wire!.defaulted).toBeGreaterThan(0);
    expect(by.wire!.none + by.wire!.stated).toBe(0);
  });

  it('gives every active resident an e-mail contact; a resident signs in and sees the accesses, with purposes', async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM residents r WHERE r.record_status = 'active'
          AND NOT EXISTS (SELECT 1 FROM resident_contacts c WHERE c.nik = r.nik AND c.email LIKE '%@warga.example')`,
    );
    expect(rows[0]!.n).toBe(0);
    const nik = (await demoResident(db))!;
    // A live access by a demo operator, as the demo's user would make it.
    const token = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: 'bpbd.op1', password: DEMO_PASSWORD },
    });
    const lookup = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token.json().token}` },
      payload: { nik },
    });
    expect(lookup.json().outcome, lookup.body).toBe('FOUND');
    await app.inject({ method: 'POST', url: '/v1/resident/sign-in/code', payload: { nik } });
    const code = (await app.inject({ url: '/v1/resident/dev/outbox' })).json().items[0].code as string;
    const signIn = await app.inject({ method: 'POST', url: '/v1/resident/sign-in', payload: { nik, code } });
    expect(signIn.statusCode).toBe(201);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const history = await app.inject({ url: '/v1/resident/history', headers: { cookie } });
    const items = history.json().items as { purposeLabel: string | null; purposeDefaulted: boolean }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items[0]).toMatchObject({ purposeLabel: 'Verifikasi korban bencana', purposeDefaulted: true });
    // The history's own accesses to the featured resident: every third working day, one refused.
    expect(items.filter((i) => i.purposeLabel !== null).length).toBeGreaterThan(2);
    expect(items.some((i) => (i as { outcome?: string }).outcome === 'purpose_not_granted')).toBe(true);
  });
});
