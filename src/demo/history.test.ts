import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { wibDay, wibDayStart, wibTime } from '../lib/time.ts';
import { CHARGEABLE_OUTCOMES } from '../modules/access/outcomes.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { getStatement } from '../modules/fees/fees.statements.ts';
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
      now: () => new Date(),
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

  it('covers six dense weeks and, lighter, the last ended semester: working days, office hours WIB', () => {
    const days = new Set(rows.map((r) => wibDay(new Date(r.at))));
    const dense = [...days].filter((d) => d >= '2026-10-09');
    expect(dense.length).toBe(30); // 42 days back to yesterday: six weeks of Monday to Friday
    // Before them, back to 1 January 2026 (2026-S1 is the last ended semester on 20 November): a tenth of the
    // volume, so that semester's report has real figures.
    expect([...days].sort()[0]! <= '2026-01-05').toBe(true);
    const perDay = (from: string, to: string) =>
      rows.filter((r) => r.at >= from && r.at < to).length /
      [...days].filter((d) => d >= from.slice(0, 10) && d < to.slice(0, 10)).length;
    expect(perDay('2026-03-01', '2026-06-01')).toBeLessThan(perDay('2026-10-12', '2026-11-20') / 4);
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

describe('the demo bank (profit-oriented, prepaid)', () => {
  it('paid its history from monthly deposits through the fee gate; last month’s statement reconciles', async () => {
    const { rows: ids } = await db.query<{ id: string }>(
      `SELECT id FROM institutions WHERE code = 'BANK_SINTESIS'`,
    );
    const bank = ids[0]!.id;
    const month = '2026-10'; // the month before NOW
    const st = await getStatement({ db, now: NOW }, SERVER_ACTOR, { institutionId: bank, month });
    expect(st.deposits.map((d) => d.paymentReference)).toEqual(['SIMPONI-DEMO-202610']);
    expect(st.depositsRupiah).toBeGreaterThan(100_000);
    expect(st.chargesRupiah).toBeGreaterThan(0);
    expect(st.closingRupiah).toBe(st.openingRupiah + st.depositsRupiah - st.chargesRupiah);
    // Each deposit was spent within its month (the operator was refused for the balance then), so nothing is
    // left before today's Rp25,000.
    expect(st.closingRupiah).toBe(0);
    const { rows } = await db.query<{
      chargeable: number;
      charged: number;
      rupiah: string;
      refused: number;
      open: number;
      balance: string;
      reserved: string;
    }>(
      `SELECT count(*) FILTER (WHERE a.outcome = ANY($3))::int AS chargeable,
              count(a.fee_lease_id) FILTER (WHERE a.outcome = ANY($3))::int AS charged,
              coalesce(sum(a.fee_rupiah), 0)::text AS rupiah,
              count(*) FILTER (WHERE a.outcome = 'balance_exhausted')::int AS refused,
              (SELECT count(*)::int FROM fee_leases WHERE institution_id = $1 AND settled_at IS NULL) AS open,
              (SELECT balance::text FROM fee_accounts WHERE institution_id = $1) AS balance,
              (SELECT reserved::text FROM fee_accounts WHERE institution_id = $1) AS reserved
         FROM access_audit a WHERE a.institution_id = $1 AND a.at >= $2 AND a.at < $4`,
      [
        bank,
        wibDayStart(`${month}-01`).toISOString(),
        CHARGEABLE_OUTCOMES,
        wibDayStart('2026-11-01').toISOString(),
      ],
    );
    const r = rows[0]!;
    // Every chargeable answer of the month carries its charge, Rp1,000 each: the statement's charges.
    expect(r.charged).toBe(r.chargeable);
    expect(Number(r.rupiah)).toBe(r.chargeable * 1000);
    expect(st.chargesRupiah).toBe(r.chargeable * 1000);
    expect(st.accesses).toBe(r.chargeable);
    expect(r.refused).toBeGreaterThan(0);
    // Every lease settled; the balance is today's top-up.
    expect(r.open).toBe(0);
    expect(Number(r.reserved)).toBe(0);
    expect(Number(r.balance)).toBe(25_000);
  });
});
