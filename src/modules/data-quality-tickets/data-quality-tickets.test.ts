import { beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, PASSWORD, useTestWorld } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { insertAccount } from '../accounts/accounts.repo.ts';
import { addDays } from '../../lib/dates.ts';
import { addWorkingDays, recordHoliday } from '../holidays/holidays.ts';
import { buildNik } from '../nik/nik.ts';
import { insertOffice, type Office } from '../offices/offices.repo.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { presetInput, setReturnDataSchema } from '../return-data/return-data.service.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { runTicketOverdue } from './data-quality-tickets.overdue.ts';

// The app's clock, moved by the test: the next Monday, 09:00 WIB (after the accounts' creation, so their tokens
// hold), so the working days are plain to count; a public holiday on its Wednesday.
const MONDAY = (() => {
  const d = new Date();
  d.setUTCHours(2, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 1);
  return d;
})();
const START = wibDay(MONDAY);
const HOLIDAY = addDays(START, 2);
let now = MONDAY.getTime();
const clock = () => new Date(now);
const t = useTestWorld({ clock });

let cilacap: Office;
let semarang: Office;
/** Residents: one of Kabupaten Cilacap, one of Kota Semarang, one in Semarang whose NIK was issued in Cilacap. */
let inCilacap: ResidentRow;
let inSemarang: ResidentRow;
let movedToSemarang: ResidentRow;
const requestIds: Record<string, string> = {};

type Client = Awaited<ReturnType<typeof as>>;
let operator: Client;
let head: Client;
let cilacapOfficer: Client;
let semarangOfficer: Client;
let provinceOfficer: Client;
let central: Client;
let otherOperator: Client;

async function verify(r: ResidentRow, name = 'NAMA YANG KELIRU SEKALI'): Promise<string> {
  const res = await operator.post('/v1/verifications', { nik: r.nik, elements: { NAMA_LGKP: name } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().requestId as string;
}

const open = (c: Client, source: object, description = 'Warga membawa KTP-el, nama tidak sesuai') =>
  c.post('/v1/data-quality-tickets', { source, description });

/** Everyone signs in (again after the clock moved past their tokens' lifetime). */
async function signIn() {
  operator = await as(t.app, t.world.operator.username);
  head = await as(t.app, t.world.head.username);
  cilacapOfficer = await as(t.app, 'cilacap.petugas');
  semarangOfficer = await as(t.app, 'semarang.petugas');
  provinceOfficer = await as(t.app, t.world.provinceOfficer.username);
  central = await as(t.app, t.world.officer.username);
  otherOperator = await as(t.app, t.world.other.operator.username);
}

beforeAll(async () => {
  await recordHoliday({ db: t.db, now: clock() }, SERVER_ACTOR, { day: HOLIDAY, name: 'Hari libur uji' });
  const office = async (level: 'regency' | 'city', regionCode: string, name: string, username: string) => {
    const o = await insertOffice(t.db, { level, regionCode, name, parentId: t.world.province.id });
    await insertAccount(t.db, {
      username,
      password: PASSWORD,
      role: 'office_officer',
      fullName: `Petugas ${name}`,
      officeId: o.id,
    });
    return o;
  };
  cilacap = await office('regency', '3301', 'Disdukcapil Kabupaten Cilacap', 'cilacap.petugas');
  semarang = await office('city', '3374', 'Disdukcapil Kota Semarang', 'semarang.petugas');
  inCilacap = await addResident(t.db, { villageCode: '3301012001', fullName: 'WARGA CILACAP SINTETIS' });
  inSemarang = await addResident(t.db, { villageCode: '3374011001', fullName: 'WARGA SEMARANG SINTETIS' });
  movedToSemarang = await addResident(t.db, {
    nik: buildNik({ districtCode: '330101', birthDate: '1985-02-03', sex: 'LAKI-LAKI', serial: 4321 }),
    sex: 'LAKI-LAKI',
    villageCode: '3374011002',
    streetAddress: 'JL. ALAMAT BARU RAHASIA 7',
  });
  await signIn();
  requestIds.cilacap = await verify(inCilacap);
  requestIds.semarang = await verify(inSemarang);
  requestIds.moved = await verify(movedToSemarang);
  const unknown = buildNik({
    districtCode: '330101',
    birthDate: '1970-01-01',
    sex: 'LAKI-LAKI',
    serial: 9999,
  });
  requestIds.notFound = (
    await operator.post('/v1/verifications', { nik: unknown, elements: { NAMA_LGKP: 'SIAPA SAJA' } })
  ).json().requestId;
});

const ids: Record<string, string> = {};

describe('opening and routing', () => {
  it('routes each ticket to the office owning the record’s region, not the NIK’s prefix', async () => {
    for (const [key, requestId] of Object.entries({
      cilacap: requestIds.cilacap!,
      semarang: requestIds.semarang!,
      moved: requestIds.moved!,
    })) {
      const res = await open(operator, { kind: 'verification', requestId });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    }
    const officeOf = async (id: string) =>
      (
        await t.db.query<{ o: string }>(
          'SELECT owning_office_id AS o FROM data_quality_tickets WHERE id = $1',
          [id],
        )
      ).rows[0]!.o;
    expect(await officeOf(ids.cilacap!)).toBe(cilacap.id);
    expect(await officeOf(ids.semarang!)).toBe(semarang.id);
    // The NIK starts 3301 (issued in Cilacap); the record lives in Kota Semarang now.
    expect(movedToSemarang.nik.slice(0, 4)).toBe('3301');
    expect(await officeOf(ids.moved!)).toBe(semarang.id);
  });

  it('gives each office its own board, and the province and the centre every office below them', async () => {
    const board = async (c: Client) =>
      ((await c.get('/v1/data-quality-tickets')).json().items as { id: string }[]).map((x) => x.id).sort();
    expect(await board(cilacapOfficer)).toEqual([ids.cilacap]);
    expect(await board(semarangOfficer)).toEqual([ids.semarang, ids.moved].sort());
    expect(await board(provinceOfficer)).toEqual([ids.cilacap, ids.semarang, ids.moved].sort());
    expect(await board(central)).toEqual([ids.cilacap, ids.semarang, ids.moved].sort());
    // An office never reads nor moves another office's ticket.
    expect((await cilacapOfficer.get(`/v1/data-quality-tickets/${ids.semarang}`)).statusCode).toBe(404);
    expect(
      (await cilacapOfficer.post(`/v1/data-quality-tickets/${ids.semarang}/transition`, { to: 'in_review' }))
        .statusCode,
    ).toBe(404);
    const detail = (await semarangOfficer.get(`/v1/data-quality-tickets/${ids.moved}`)).json();
    expect(detail).toMatchObject({
      owningOfficeName: 'Disdukcapil Kota Semarang',
      institutionName: t.world.institution.name,
      openedBy: t.world.operator.username,
      sourceDetail: { method: 'verification', elements: ['NAMA_LGKP'] },
    });
  });

  it('tells the owning office’s officers, without the NIK', async () => {
    const { rows } = await t.db.query<{ subject: string; body: string; username: string }>(
      `SELECT n.subject, n.body, u.username FROM notifications n JOIN user_accounts u ON u.id = n.account_id
        WHERE n.subject = 'Tiket kualitas data baru' ORDER BY n.id`,
    );
    expect(rows.map((r) => r.username)).toEqual(['cilacap.petugas', 'semarang.petugas', 'semarang.petugas']);
    for (const r of rows) {
      expect(r.body).toContain(t.world.institution.name);
      for (const p of [inCilacap, inSemarang, movedToSemarang]) expect(r.body).not.toContain(p.nik);
    }
  });

  it('isolates institutions: another one can neither open from this one’s result nor see its tickets', async () => {
    expect(
      (await open(otherOperator, { kind: 'verification', requestId: requestIds.cilacap })).statusCode,
    ).toBe(404);
    expect((await otherOperator.get('/v1/data-quality-tickets')).json().items).toEqual([]);
    expect((await otherOperator.get(`/v1/data-quality-tickets/${ids.cilacap}`)).statusCode).toBe(404);
    // An institution never moves a ticket.
    expect(
      (await head.post(`/v1/data-quality-tickets/${ids.cilacap}/transition`, { to: 'in_review' })).statusCode,
    ).toBe(403);
  });

  it('shows the institution its tickets’ states and nothing new about the person', async () => {
    const mine = (await head.get('/v1/data-quality-tickets')).json().items as Record<string, unknown>[];
    expect(mine).toHaveLength(3);
    const one = (await head.get(`/v1/data-quality-tickets/${ids.moved}`)).json();
    expect(Object.keys(one).sort()).toEqual(
      [
        'id',
        'source',
        'nik',
        'description',
        'state',
        'officeNote',
        'deadline',
        'overdue',
        'openedAt',
        'updatedAt',
        'closedAt',
        'events',
      ].sort(),
    );
    expect(one.nik).toBe(movedToSemarang.nik); // what the operator itself sent
    const text = JSON.stringify([mine, one]);
    for (const leak of ['Semarang', 'Cilacap', 'ALAMAT BARU', '3374011002', 'WARGA', semarang.id, cilacap.id])
      expect(text).not.toContain(leak);
    expect(one.events).toEqual([{ at: expect.any(String), state: 'open', note: null }]);
  });

  it('opens from a return-data row of the institution’s own, routed the same way', async () => {
    await setReturnDataSchema({ db: t.db, now: clock() }, SERVER_ACTOR, {
      agreementId: t.world.agreement.id,
      ...presetInput('dinsos_pkh_pbi'),
    });
    const period = wibDay(clock()).slice(0, 7);
    const sent = await head.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: [
        { nik: inCilacap.nik, period, values: { ID_PENERIMA_BANTUAN: 'PKH-1', JENIS_BANTUAN: 'PKH' } },
      ],
    });
    expect(sent.json()).toMatchObject({ accepted: 1 });
    const source = { kind: 'return_data', agreementId: t.world.agreement.id, nik: inCilacap.nik, period };
    const res = await open(head, source, 'Penerima dilaporkan meninggal dunia oleh pendamping');
    expect(res.statusCode, res.body).toBe(201);
    ids.row = res.json().id;
    expect(res.json().source).toEqual({
      kind: 'return_data',
      requestId: null,
      agreementId: source.agreementId,
      period,
    });
    const detail = (await cilacapOfficer.get(`/v1/data-quality-tickets/${ids.row}`)).json();
    expect(detail.sourceDetail.data).toEqual({ ID_PENERIMA_BANTUAN: 'PKH-1', JENIS_BANTUAN: 'PKH' });
    // The same row again while the first is handled: a conflict; another institution's agreement: not found.
    const again = await open(head, source);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'TICKET_OPEN']);
    expect((await open(otherOperator, source)).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  it('answers each with a clear 4xx, never a 5xx, and opens nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM data_quality_tickets'))
      .rows[0]!.n;
    const cases: [object, number, string?][] = [
      [{ source: { kind: 'verification', requestId: requestIds.semarang }, description: 'pendek' }, 400],
      [{ source: { kind: 'telepati', requestId: 'x' }, description: 'Deskripsi yang cukup panjang' }, 400],
      [{ source: { kind: 'verification' }, description: 'Deskripsi yang cukup panjang' }, 400],
      [
        {
          source: {
            kind: 'return_data',
            agreementId: t.world.agreement.id,
            nik: '3.30101E+15',
            period: '2026-03',
          },
          description: 'Deskripsi yang cukup panjang',
        },
        400,
      ],
      [
        {
          source: {
            kind: 'return_data',
            agreementId: t.world.agreement.id,
            nik: inCilacap.nik,
            period: '03-2026',
          },
          description: 'Deskripsi yang cukup panjang',
        },
        400,
      ],
      [
        {
          source: { kind: 'verification', requestId: 'tidak-ada' },
          description: 'Deskripsi yang cukup panjang',
        },
        404,
      ],
      // The operator was answered NOT_FOUND already: no record to correct.
      [
        {
          source: { kind: 'verification', requestId: requestIds.notFound },
          description: 'Deskripsi cukup panjang',
        },
        409,
        'TICKET_NOTHING_TO_CORRECT',
      ],
      // Still being handled.
      [
        {
          source: { kind: 'verification', requestId: requestIds.cilacap },
          description: 'Deskripsi cukup panjang',
        },
        409,
        'TICKET_OPEN',
      ],
      [{ description: 'Deskripsi yang cukup panjang' }, 400],
    ];
    for (const [body, status, code] of cases) {
      const res = await operator.post('/v1/data-quality-tickets', body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      if (code) expect(res.json().error.code).toBe(code);
      expect(res.json().error.message.length).toBeGreaterThan(0);
    }
    const bad = await central.post(`/v1/data-quality-tickets/${ids.semarang}/transition`, { to: 'dibakar' });
    expect(bad.statusCode).toBe(400);
    expect(
      (await central.post('/v1/data-quality-tickets/dqt_tidakada/transition', { to: 'in_review' }))
        .statusCode,
    ).toBe(404);
    expect((await central.get('/v1/data-quality-tickets?state=hilang')).statusCode).toBe(400);
    expect(
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM data_quality_tickets')).rows[0]!.n,
    ).toBe(before);
  });
});

describe('handling on the clock', () => {
  it('walks open → in_review → corrected | rejected, with a working-day deadline, notes and the audit', async () => {
    const opened = (await head.get(`/v1/data-quality-tickets/${ids.cilacap}`)).json();
    // Monday + 10 working days, the Wednesday's holiday skipped: the Tuesday two weeks on.
    expect(opened.deadline).toBe(addWorkingDays(START, 10, new Set([HOLIDAY])));
    expect(opened.deadline).toBe(addDays(START, 15));
    expect(opened.overdue).toBe(false);
    // A closing step before the review, and a rejection without its reason, are refused.
    const early = await cilacapOfficer.post(`/v1/data-quality-tickets/${ids.cilacap}/transition`, {
      to: 'corrected',
    });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'TICKET_STATE']);
    const review = await cilacapOfficer.post(`/v1/data-quality-tickets/${ids.cilacap}/transition`, {
      to: 'in_review',
    });
    expect(review.statusCode, review.body).toBe(200);
    expect(
      (await cilacapOfficer.post(`/v1/data-quality-tickets/${ids.cilacap}/transition`, { to: 'rejected' }))
        .statusCode,
    ).toBe(400);
    // Past the deadline, still open: overdue on the board and for the institution.
    now = Date.parse(`${addDays(START, 16)}T02:00:00Z`);
    await signIn();
    const overdue = (await provinceOfficer.get('/v1/data-quality-tickets?overdue=true')).json().items as {
      id: string;
    }[];
    expect(overdue.map((x) => x.id).sort()).toEqual([ids.cilacap, ids.semarang, ids.moved, ids.row].sort());
    expect((await head.get(`/v1/data-quality-tickets/${ids.cilacap}`)).json().overdue).toBe(true);
    // The daily job tells the owning office and the province once, however often it runs.
    expect(await runTicketOverdue(t.db, clock())).toEqual({ notified: 4 });
    expect(await runTicketOverdue(t.db, clock())).toEqual({ notified: 0 });
    const { rows: late } = await t.db.query<{ username: string; body: string }>(
      `SELECT u.username, n.body FROM notifications n JOIN user_accounts u ON u.id = n.account_id
        WHERE n.subject = $1`,
      [`Tiket kualitas data ${ids.cilacap} melewati tenggat`],
    );
    expect(late.map((r) => r.username).sort()).toEqual(['cilacap.petugas', t.world.provinceOfficer.username]);
    expect(late[0]!.body).not.toContain(inCilacap.nik);
    const done = await cilacapOfficer.post(`/v1/data-quality-tickets/${ids.cilacap}/transition`, {
      to: 'corrected',
      note: 'Data telah dimutakhirkan sesuai dokumen kependudukan',
    });
    expect(done.statusCode, done.body).toBe(200);
    await semarangOfficer.post(`/v1/data-quality-tickets/${ids.semarang}/transition`, { to: 'in_review' });
    const rejected = await semarangOfficer.post(`/v1/data-quality-tickets/${ids.semarang}/transition`, {
      to: 'rejected',
      note: 'Data di database kependudukan sudah benar; minta warga datang ke kantor',
    });
    expect(rejected.json()).toMatchObject({ state: 'rejected', closedAt: expect.any(String) });
    // Closed tickets are never overdue and take no further step.
    expect(
      (await semarangOfficer.post(`/v1/data-quality-tickets/${ids.semarang}/transition`, { to: 'in_review' }))
        .statusCode,
    ).toBe(409);
    const seen = (await head.get(`/v1/data-quality-tickets/${ids.cilacap}`)).json();
    expect(seen).toMatchObject({
      state: 'corrected',
      overdue: false,
      officeNote: 'Data telah dimutakhirkan sesuai dokumen kependudukan',
    });
    expect(seen.events.map((e: { state: string }) => e.state)).toEqual(['open', 'in_review', 'corrected']);
    expect(seen.events.every((e: object) => !('actor' in e))).toBe(true);
    expect((await head.get('/v1/data-quality-tickets?state=rejected')).json().items[0].officeNote).toMatch(
      /sudah benar/,
    );
    // The institution's head and the operator who opened it are told, with the office's note.
    const { rows: told } = await t.db.query<{ username: string; body: string }>(
      `SELECT u.username, n.body FROM notifications n JOIN user_accounts u ON u.id = n.account_id
        WHERE n.subject = $1 ORDER BY u.username`,
      [`Tiket kualitas data ${ids.cilacap}: data telah diperbaiki`],
    );
    expect(told.map((r) => r.username).sort()).toEqual(
      [t.world.admin.username, t.world.head.username, t.world.operator.username].sort(),
    );
    expect(told[0]!.body).toMatch(/dimutakhirkan/);
    // Every step is in the admin audit, in the owning office's area, without the NIK.
    const { rows: audit } = await t.db.query<{ action: string; officeId: string; after: unknown }>(
      `SELECT action, office_id AS "officeId", after FROM admin_audit WHERE entity_id = $1 ORDER BY id`,
      [ids.cilacap],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'data_quality_ticket.open',
      'data_quality_ticket.in_review',
      'data_quality_ticket.corrected',
    ]);
    expect(audit.every((a) => a.officeId === cilacap.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(inCilacap.nik);
    const fromApi = (await cilacapOfficer.get(`/v1/admin-audit?entityId=${ids.cilacap}`)).json();
    expect(JSON.stringify(fromApi)).toContain('data_quality_ticket.corrected');
  });

  it('lets a ticket be opened again once the first is closed', async () => {
    const res = await open(operator, { kind: 'verification', requestId: requestIds.semarang });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().deadline).toBe(addWorkingDays(addDays(START, 16), 10));
  });
});
