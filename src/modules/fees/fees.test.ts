import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addResident,
  makeResident,
  PASSWORD,
  seedWorld,
  testConfig,
  tokenFor,
  type World,
  buildApp,
} from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { insertAccount, type Account } from '../accounts/accounts.repo.ts';
import { CHARGEABLE_OUTCOMES } from '../access/outcomes.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { DbFeeLeaseStore, LeasedFeeGate } from './fees.gate.ts';
import { recordDeposit, tariffOn } from './fees.service.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let gate: LeasedFeeGate;
let finance: Account;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  // The app's fee gate, held here so a test can settle its leases (as a clean stop does).
  gate = new LeasedFeeGate(new DbFeeLeaseStore(db), { block: 7, idleReleaseMs: 0 });
  app = await buildApp({ config: testConfig, db, logger: false, fees: gate });
  finance = await insertAccount(db, {
    username: 'pusat.keuangan',
    password: PASSWORD,
    role: 'finance_officer',
    fullName: 'Petugas Keuangan',
  });
  for (const [k, u] of Object.entries({
    finance: finance.username,
    officer: world.officer.username,
    provinceOfficer: world.provinceOfficer.username,
    head: world.head.username,
    bank: world.other.operator.username,
    operator: world.operator.username,
  }))
    tokens[k] = await tokenFor(app, u);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const bearer = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const bank = () => world.other.institution;

async function lookup(nik: string, who = 'bank') {
  return app.inject({ method: 'POST', url: '/v1/lookups', headers: bearer(who), payload: { nik } });
}

async function deposit(rupiah: number, paymentReference: string, who = 'finance') {
  return app.inject({
    method: 'POST',
    url: `/v1/fees/institutions/${bank().id}/deposits`,
    headers: bearer(who),
    payload: { rupiah, paymentReference, paidOn: wibDay(new Date()) },
  });
}

async function ledger(institutionId: string) {
  const { rows } = await db.query<{ balance: string; reserved: string; charged: string; rows: number }>(
    `SELECT f.balance::text, f.reserved::text,
            (SELECT coalesce(sum(fee_rupiah), 0) FROM access_audit WHERE institution_id = $1)::text AS charged,
            (SELECT count(*)::int FROM access_audit WHERE institution_id = $1 AND fee_lease_id IS NOT NULL) AS rows
       FROM fee_accounts f WHERE f.institution_id = $1`,
    [institutionId],
  );
  const r = rows[0]!;
  return {
    balance: Number(r.balance),
    reserved: Number(r.reserved),
    charged: Number(r.charged),
    rows: r.rows,
  };
}

describe('classification and tariffs', () => {
  it('an officer classifies an institution in its area, audited; outside its area it does not exist', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/fees/institutions/${bank().id}/class`,
      headers: bearer('officer'),
      payload: { feeClass: 'profit_oriented' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ institutionId: bank().id, feeClass: 'profit_oriented' });
    const { rows } = await db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM admin_audit WHERE action = 'institution.fee_class' AND entity_id = $1`,
      [bank().id],
    );
    expect(rows).toEqual([{ before: { feeClass: 'government' }, after: { feeClass: 'profit_oriented' } }]);
    // BANK_X is under the central office: the province officer cannot see it.
    const outside = await app.inject({
      method: 'PATCH',
      url: `/v1/fees/institutions/${bank().id}/class`,
      headers: bearer('provinceOfficer'),
      payload: { feeClass: 'government' },
    });
    expect(outside.statusCode).toBe(404);
    const operator = await app.inject({
      method: 'PATCH',
      url: `/v1/fees/institutions/${bank().id}/class`,
      headers: bearer('operator'),
      payload: { feeClass: 'government' },
    });
    expect(operator.statusCode).toBe(403);
  });

  it('reads the tariff in effect on a day; a new tariff takes effect on its date, never in the past', async () => {
    expect(await tariffOn(db, 'nik_access', 'profit_oriented', '2023-03-27')).toBe(0);
    expect(await tariffOn(db, 'nik_access', 'profit_oriented', '2023-03-28')).toBe(1000);
    expect(await tariffOn(db, 'nik_access', 'government', '2026-06-01')).toBe(0);
    expect(await tariffOn(db, 'face_match', 'profit_oriented', '2026-06-01')).toBe(3000);
    const post = (effectiveFrom: string, rupiah = 1500) =>
      app.inject({
        method: 'POST',
        url: '/v1/fees/tariffs',
        headers: bearer('officer'),
        payload: {
          item: 'nik_access',
          feeClass: 'profit_oriented',
          rupiah,
          effectiveFrom,
          legalBasis: 'Uji',
        },
      });
    const past = await post('2020-01-01');
    expect([past.statusCode, past.json().error.code]).toEqual([400, 'TARIFF_IN_PAST']);
    expect((await post('2099-01-01')).statusCode).toBe(201);
    expect(await tariffOn(db, 'nik_access', 'profit_oriented', '2098-12-31')).toBe(1000);
    expect(await tariffOn(db, 'nik_access', 'profit_oriented', '2099-01-01')).toBe(1500);
    // A fraction of a rupiah is not money here.
    expect((await post('2099-02-01', 1000.5)).statusCode).toBe(400);
    const list = await app.inject({ url: '/v1/fees/tariffs', headers: bearer('head') });
    expect(list.json().items).toHaveLength(5);
  });
});

describe('deposits', () => {
  it('only the finance officer records a deposit; a reference is used once; a government institution has none', async () => {
    expect((await deposit(5000, 'SIMPONI-0001', 'officer')).statusCode).toBe(403);
    const res = await deposit(5000, 'SIMPONI-0001');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rupiah: 5000, paymentReference: 'SIMPONI-0001' });
    const twice = await deposit(5000, 'SIMPONI-0001');
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'PAYMENT_REFERENCE_TAKEN']);
    expect((await deposit(0, 'SIMPONI-0002')).statusCode).toBe(400);
    const future = await app.inject({
      method: 'POST',
      url: `/v1/fees/institutions/${bank().id}/deposits`,
      headers: bearer('finance'),
      payload: {
        rupiah: 1000,
        paymentReference: 'SIMPONI-0003',
        paidOn: wibDay(new Date(Date.now() + 2 * 86_400_000)),
      },
    });
    expect([future.statusCode, future.json().error.code]).toEqual([400, 'PAYMENT_DATE_IN_FUTURE']);
    const gov = await app.inject({
      method: 'POST',
      url: `/v1/fees/institutions/${world.institution.id}/deposits`,
      headers: bearer('finance'),
      payload: { rupiah: 1000, paymentReference: 'SIMPONI-GOV1', paidOn: wibDay(new Date()) },
    });
    expect([gov.statusCode, gov.json().error.code]).toEqual([409, 'DEPOSIT_NOT_PROFIT_ORIENTED']);
    const { rows } = await db.query(`SELECT 1 FROM admin_audit WHERE action = 'fee_deposit.record'`);
    expect(rows).toHaveLength(1);
    expect((await ledger(bank().id)).balance).toBe(5000);
  });
});

describe('charging on the access path', () => {
  it('draws the tariff per chargeable answer, refuses on an empty balance (v1 402, wire 22), audited', async () => {
    const found = await addResident(db);
    const answers: string[] = [];
    // A NIK not in Dukcapil format is answered but not charged (Gerbang's own check).
    const badFormat = await lookup('0000000000000000');
    expect(badFormat.json().outcome).toBe('NIK_INVALID_FORMAT');
    for (let i = 0; i < 5; i++) {
      const nik = i % 2 === 0 ? found.nik : makeResident().nik;
      const res = await lookup(nik);
      expect(res.statusCode, res.body).toBe(200);
      answers.push(res.json().outcome);
    }
    expect(answers).toContain('FOUND');
    const empty = await lookup(found.nik);
    expect(empty.statusCode).toBe(402);
    expect(empty.json().error.code).toBe('BALANCE_EXHAUSTED');
    const wire = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${bank().code}/CALL_NIK`,
      payload: { USER_ID: world.other.operator.username, PASSWORD, IP_USER: '127.0.0.1', NIK: found.nik },
    });
    expect(wire.json().content[0]).toEqual({
      RESPONSE_CODE: '22',
      RESPON: 'Saldo deposit PNBP tidak mencukupi',
    });
    // Government institutions are never charged nor refused for money.
    expect((await lookup(found.nik, 'operator')).json().outcome).toBe('FOUND');

    await gate.releaseAll();
    const { rows } = await db.query<{ outcome: string; fee_rupiah: string | null }>(
      `SELECT outcome, fee_rupiah::text FROM access_audit WHERE institution_id = $1 ORDER BY id`,
      [bank().id],
    );
    const refused = rows.filter((r) => r.outcome === 'balance_exhausted');
    expect(refused).toHaveLength(2);
    for (const r of rows) {
      const chargeable = CHARGEABLE_OUTCOMES.includes(r.outcome as never);
      expect(r.fee_rupiah, r.outcome).toBe(chargeable ? '1000' : null);
    }
    expect(await ledger(bank().id)).toEqual({ balance: 0, reserved: 0, charged: 5000, rows: 5 });
  });

  it('charges exactly under concurrency: never past the balance, every charge an audit row', async () => {
    expect((await deposit(57_000, 'SIMPONI-0100')).statusCode).toBe(201);
    const niks = await Promise.all(Array.from({ length: 10 }, () => addResident(db)));
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => lookup(niks[i % 10]!.nik)));
    const ok = results.filter((r) => r.statusCode === 200).length;
    const refused = results.filter((r) => r.statusCode === 402).length;
    expect(ok + refused).toBe(120);
    expect(ok).toBe(57);
    await gate.releaseAll();
    const l = await ledger(bank().id);
    expect(l).toEqual({ balance: 0, reserved: 0, charged: 62_000, rows: 62 });
    // Every lease is settled with the count of its audit rows.
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM fee_leases l
        WHERE l.settled_at IS NULL
           OR l.units_charged <> (SELECT count(*) FROM access_audit a WHERE a.fee_lease_id = l.id)`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('a crashed process leaves its lease open; whoever sees it expire charges exactly its audit rows', async () => {
    await recordDeposit({ db, now: new Date() }, SERVER_ACTOR, {
      institutionId: bank().id,
      rupiah: 50_000,
      paymentReference: 'SIMPONI-CRASH',
      paidOn: wibDay(new Date()),
    });
    const crashed = new LeasedFeeGate(new DbFeeLeaseStore(db), { block: 5, idleReleaseMs: 0 });
    const ticket = await crashed.take(bank().id, wibDay(new Date()));
    expect(ticket).toMatchObject({ rupiah: 1000 });
    if (!ticket || ticket === 'empty') throw new Error('no ticket');
    // Two answers were audited under the lease before the crash (the third was not).
    await crashed.take(bank().id, wibDay(new Date()));
    const { rows: template } = await db.query<{ id: number }>(
      `SELECT id FROM access_audit WHERE institution_id = $1 AND fee_lease_id IS NOT NULL LIMIT 1`,
      [bank().id],
    );
    for (let i = 0; i < 2; i++) {
      await db.query(
        `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, account_id, username, nik,
                                   elements_requested, elements_returned, outcome, caller_ip, fee_lease_id,
                                   fee_rupiah)
         SELECT at, request_id || $2, protocol, method, institution_id, account_id, username, nik,
                elements_requested, elements_returned, outcome, caller_ip, $3, 1000
           FROM access_audit WHERE id = $1`,
        [template[0]!.id, `-crash${i}`, ticket.leaseId],
      );
    }
    expect((await ledger(bank().id)).reserved).toBe(5000);
    // Not expired yet: nothing happens.
    const store = new DbFeeLeaseStore(db);
    expect(await store.settleExpired(60_000)).toBe(0);
    expect(await store.settleExpired(0)).toBe(1);
    const l = await ledger(bank().id);
    expect(l.reserved).toBe(0);
    expect(l.balance).toBe(50_000 - 2000);
    crashed.close();
  });
});

describe('balance, statements and revenue', () => {
  it('shows the balance with a forecast, and a statement that reconciles (JSON, PDF, XLSX)', async () => {
    await gate.releaseAll();
    const month = wibDay(new Date()).slice(0, 7);
    const bal = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/balance`,
      headers: bearer('finance'),
    });
    expect(bal.statusCode, bal.body).toBe(200);
    const l = await ledger(bank().id);
    expect(bal.json()).toMatchObject({
      feeClass: 'profit_oriented',
      tariffRupiah: 1000,
      depositsRupiah: 112_000,
      chargesRupiah: l.charged,
      balanceRupiah: l.balance,
      accessesLeft: l.balance / 1000,
    });
    expect(bal.json().daysLeft).toBe(Math.floor((l.balance * 30) / l.charged));

    const st = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/statements/${month}`,
      headers: bearer('finance'),
    });
    expect(st.statusCode, st.body).toBe(200);
    const s = st.json();
    expect(s.openingRupiah).toBe(0);
    expect(s.depositsRupiah).toBe(112_000);
    expect(s.chargesRupiah).toBe(l.charged);
    expect(s.closingRupiah).toBe(s.openingRupiah + s.depositsRupiah - s.chargesRupiah);
    expect(s.closingRupiah).toBe(l.balance);
    // The month before: nothing, and its closing is this month's opening.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const before = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/statements/${prev}`,
      headers: bearer('finance'),
    });
    expect(before.json()).toMatchObject({ openingRupiah: 0, closingRupiah: 0, accesses: 0 });

    const pdf = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/statements/${month}?format=pdf`,
      headers: bearer('finance'),
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('REKENING KORAN DEPOSIT PNBP');
    expect(text).toContain('Rp112.000');
    expect(text).toContain('SIMPONI-0100');

    const xlsx = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/statements/${month}?format=xlsx`,
      headers: bearer('finance'),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = (wb.getWorksheet('Ringkasan')!.getSheetValues() as unknown[][]).map((r) => r?.slice(1));
    expect(values).toContainEqual(['Saldo akhir', l.balance]);
    expect(values).toContainEqual(['Deposit', 112_000]);
  });

  it("the institution's head reads its own balance only; the registry reads revenue in its area", async () => {
    const own = await app.inject({
      url: `/v1/fees/institutions/${world.institution.id}/balance`,
      headers: bearer('head'),
    });
    expect(own.json()).toMatchObject({ feeClass: 'government', tariffRupiah: 0, accessesLeft: null });
    const other = await app.inject({
      url: `/v1/fees/institutions/${bank().id}/balance`,
      headers: bearer('head'),
    });
    expect(other.statusCode).toBe(404);

    const month = wibDay(new Date()).slice(0, 7);
    const l = await ledger(bank().id);
    const central = await app.inject({
      url: `/v1/fees/revenue?from=${month}&to=${month}`,
      headers: bearer('officer'),
    });
    expect(central.statusCode, central.body).toBe(200);
    expect(central.json().totalRupiah).toBe(l.charged);
    expect(central.json().byOffice).toEqual([
      { officeId: world.central.id, officeName: world.central.name, accesses: l.rows, rupiah: l.charged },
    ]);
    const office = await app.inject({
      url: `/v1/fees/revenue?from=${month}&to=${month}`,
      headers: bearer('provinceOfficer'),
    });
    expect(office.json()).toMatchObject({ totalRupiah: 0, rows: [] });
    expect(
      (await app.inject({ url: `/v1/fees/revenue?from=${month}&to=2000-01`, headers: bearer('officer') }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ url: `/v1/fees/revenue?from=${month}&to=${month}`, headers: bearer('head') }))
        .statusCode,
    ).toBe(403);
  });
});

describe('bad input', () => {
  it('answers any deposit body, tariff body or revenue range with a clear error or success, never a 500', async () => {
    const value = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.constant(Number.MAX_SAFE_INTEGER + 2),
      fc.constant('１２３'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { rupiah: value, paymentReference: value, paidOn: value, feeClass: value, item: value },
          { requiredKeys: [] },
        ),
        fc.string(),
        fc.string(),
        async (body, from, to) => {
          for (const [method, url, who] of [
            ['POST', `/v1/fees/institutions/${bank().id}/deposits`, 'finance'],
            ['POST', '/v1/fees/tariffs', 'officer'],
            ['PATCH', `/v1/fees/institutions/${bank().id}/class`, 'officer'],
          ] as const) {
            const res = await app.inject({ method, url, headers: bearer(who), payload: body });
            expect(res.statusCode, res.body).toBeLessThan(500);
          }
          const rev = await app.inject({
            url: `/v1/fees/revenue?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
            headers: bearer('officer'),
          });
          expect(rev.statusCode, rev.body).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
