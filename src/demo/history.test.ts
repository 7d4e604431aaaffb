import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { wibDay, wibTime } from '../lib/time.ts';
import { generateSignerKey, parseSignerKey } from '../modules/audit/log.note.ts';
import { LogSequencer } from '../modules/audit/log.sequencer.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import { generateResidents } from '../modules/residents/residents.generator.ts';
import { insertResidents } from '../modules/residents/residents.bulk.ts';
import { createTestDb } from '../test/db.ts';
import { testConfig } from '../test/fixtures.ts';
import { seedDemo } from './demo.ts';

interface Row {
  at: string;
  institution: string;
  outcome: string;
  method: string;
  nik: string | null;
}

const NOW = new Date('2026-11-20T05:00:00Z'); // a Friday, 12:00 WIB
let db: Db;
let rows: Row[];
beforeAll(async () => {
  db = await createTestDb();
  await insertResidents(db, [...generateResidents({ seed: 7, count: 2000 })]);
  expect(await seedDemo(db, testConfig, NOW)).not.toBeNull();
  rows = (
    await db.query<Row>(
      `SELECT a.at, i.code AS institution, a.outcome, a.method, a.nik
         FROM access_audit a JOIN institutions i ON i.id = a.institution_id ORDER BY a.id`,
    )
  ).rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}, 300_000);
afterAll(async () => {
  await db?.close();
});

describe('the demo history', () => {
  it('is written through the audit sink; the transparency log over it verifies', async () => {
    expect(rows.length).toBeGreaterThan(5000);
    const sequencer = new LogSequencer(db, {
      origin: 'test.gerbang.localhost/log',
      signer: parseSignerKey(generateSignerKey('test.gerbang.localhost/log')),
      minCheckpointMs: 0,
    });
    while ((await sequencer.step()).sequenced > 0);
    const report = await verifyLog(db);
    expect(report.ok).toBe(true);
    expect(report.rowsChecked).toBe(rows.length);
    expect(report.treeSize).toBe(rows.length);
    expect(report.checkpointsChecked).toBeGreaterThan(0);
    // Written in time order: leaf order is time order.
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort());
  });

  it('covers six weeks of working days, in office hours WIB, none today or later', () => {
    const days = new Set(rows.map((r) => wibDay(new Date(r.at))));
    expect(days.size).toBe(30); // 42 days back to yesterday: six weeks of Monday to Friday
    for (const d of days) expect([1, 2, 3, 4, 5]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    for (const r of rows) {
      const t = wibTime(new Date(r.at));
      expect(t >= '08:00:00' && t < '16:00:00').toBe(true);
      expect(wibDay(new Date(r.at)) < wibDay(NOW)).toBe(true);
    }
  });

  it('has each institution at its own volume with realistic outcomes', () => {
    const by = (code: string) => rows.filter((r) => r.institution === code);
    const dinsos = by('DINSOS_SEMARANG');
    const kesbangpol = by('KESBANGPOL_JATENG');
    expect(dinsos.length).toBeGreaterThan(kesbangpol.length * 5);
    const found = rows.filter((r) => r.outcome === 'found').length / rows.length;
    expect(found).toBeGreaterThan(0.8);
    expect(found).toBeLessThan(0.95);
    for (const o of ['not_found', 'nik_invalid_format', 'deceased', 'login_failed'])
      expect(rows.some((r) => r.outcome === o)).toBe(true);
    // The portal-only agreement never verifies; the inactive institution and the expired agreement are refused.
    expect(by('BPBD_CILACAP').every((r) => r.method === 'portal')).toBe(true);
    expect(by('RSUD_NONAKTIF').every((r) => r.outcome === 'institution_inactive')).toBe(true);
    expect(by('KOPERASI_LAMA').every((r) => r.outcome === 'agreement_not_in_force')).toBe(true);
    // NIKs are digits only (never a number), 16 of them except the deliberately mistyped ones.
    for (const r of rows) expect(r.nik).toMatch(r.outcome === 'nik_invalid_format' ? /^\d{15}$/ : /^\d{16}$/);
  });
});

describe('the demo return data', () => {
  it('gives BPBD Cilacap and Dinsos Semarang a schema and about two thirds of their found NIKs covered', async () => {
    const { rows: got } = await db.query<{ code: string; preset: string; accessed: number; covered: number }>(
      `SELECT i.code, s.preset,
              (SELECT count(DISTINCT a.nik)::int FROM access_audit a
                WHERE a.institution_id = i.id AND a.outcome = 'found') AS accessed,
              (SELECT count(DISTINCT r.nik)::int FROM return_data_records r WHERE r.institution_id = i.id) AS covered
         FROM return_data_schemas s JOIN agreements g ON g.id = s.agreement_id
         JOIN institutions i ON i.id = g.institution_id ORDER BY i.code`,
    );
    expect(got.map((g) => [g.code, g.preset])).toEqual([
      ['BPBD_CILACAP', 'bpbd_bencana'],
      ['DINSOS_SEMARANG', 'dinsos_pkh_pbi'],
    ]);
    for (const g of got) {
      expect(g.covered).toBeGreaterThan(0);
      expect(g.covered).toBeLessThan(g.accessed);
    }
  });
});
