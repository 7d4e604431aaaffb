import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { as } from '../../test/admin-client.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident, PASSWORD, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import type { ResidentRow } from '../residents/residents.types.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let a: ResidentRow;
let b: ResidentRow;
beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  a = await addResident(db);
  b = await addResident(db, { recordStatus: 'deceased' });
  const op = await tokenFor(app, world.operator.username);
  const other = await tokenFor(app, world.other.operator.username);
  const lookup = (token: string, nik: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik },
    });
  await lookup(op, a.nik);
  await lookup(op, b.nik);
  await lookup(op, a.nik);
  await lookup(other, a.nik);
  await app.inject({
    method: 'POST',
    url: `/dukcapil/get_json/${world.institution.code}/CALL_VERIFY_BY_ELEMEN`,
    payload: {
      USER_ID: world.operator.username,
      PASSWORD: 'salah-salah',
      IP_USER: '127.0.0.1',
      NIK: a.nik,
      NAMA_LGKP: 'X',
    },
  });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('GET /v1/audit', () => {
  it('lists every attempt newest first with who, what, outcome and address', async () => {
    const central = await as(app, world.officer.username);
    const res = await central.get('/v1/audit');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({
      protocol: 'wire',
      method: 'verification',
      outcome: 'login_failed',
      username: world.operator.username,
      nik: a.nik,
      elementsRequested: ['NAMA_LGKP'],
      elementsReturned: [],
      callerIp: '127.0.0.1',
    });
    expect(items[1]).toMatchObject({ institutionId: world.other.institution.id, outcome: 'found' });
    expect((items[1]!.elementsReturned as string[]).length).toBe(world.other.agreement.elements.length);
    expect(res.body).not.toContain(PASSWORD);
  });

  it('filters by institution, NIK, outcome, protocol and time, and pages with a cursor', async () => {
    const central = await as(app, world.officer.username);
    const q = async (query: string) => (await central.get(`/v1/audit?${query}`)).json();
    expect((await q(`nik=${b.nik}`)).items).toHaveLength(1);
    expect((await q(`nik=${b.nik}`)).items[0].outcome).toBe('deceased');
    expect((await q(`institutionId=${world.other.institution.id}`)).items).toHaveLength(1);
    expect((await q('outcome=found')).items).toHaveLength(3);
    expect((await q('protocol=wire')).items).toHaveLength(1);
    expect((await q('from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z')).items).toHaveLength(0);
    const page1 = await q('limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await q(`limit=2&before=${page1.nextCursor}`);
    const page3 = await q(`limit=2&before=${page2.nextCursor}`);
    expect(page3.items).toHaveLength(1);
    expect(page3.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items, ...page3.items].map((i: { id: number }) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect((await central.get('/v1/audit?nik=123')).statusCode).toBe(400);
  });

  it("shows an office officer only its own institutions' rows", async () => {
    const office = await as(app, world.provinceOfficer.username);
    const items = (await office.get('/v1/audit')).json().items as { institutionId: string }[];
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.institutionId === world.institution.id)).toBe(true);
  });
});

describe('the audit exports open in Excel with every identifier intact', () => {
  it('XLSX: the NIKs are text cells, read back digit for digit, in the rows of the filter', async () => {
    const central = await as(app, world.officer.username);
    const res = await central.get(`/v1/audit/export.xlsx?institutionId=${world.institution.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Audit')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('nik');
    const nikCol = header.indexOf('nik') + 1;
    const listed = (await central.get(`/v1/audit?institutionId=${world.institution.id}`)).json().items as {
      nik: string | null;
      requestId: string;
    }[];
    expect(ws.rowCount - 1).toBe(listed.length);
    const niks: unknown[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const cell = ws.getRow(r).getCell(nikCol);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.numFmt).toBe('@');
      niks.push(cell.value);
    }
    expect(niks).toEqual(listed.map((i) => i.nik));
    expect(niks).toContain(a.nik);
    expect(niks).toContain(b.nik);
    // The other institution's attempt is not in this institution's export.
    const reqCol = header.indexOf('requestId') + 1;
    expect(ws.getRow(2).getCell(reqCol).value).toBe(listed[0]!.requestId);
  });

  it('XLSX: an institution head gets only their own rows', async () => {
    const head = await as(app, world.head.username);
    const read = async (url: string) => {
      const res = await head.get(url);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb.getWorksheet('Audit')!;
    };
    // Asking for another institution gives a header and no row.
    expect((await read(`/v1/audit/export.xlsx?institutionId=${world.other.institution.id}`)).rowCount).toBe(
      1,
    );
    const ws = await read('/v1/audit/export.xlsx');
    const instCol = (ws.getRow(1).values as unknown[]).indexOf('institutionId');
    const institutions = new Set<unknown>();
    for (let r = 2; r <= ws.rowCount; r++) institutions.add(ws.getRow(r).getCell(instCol).value);
    expect(ws.rowCount).toBe(5);
    expect([...institutions]).toEqual([world.institution.id]);
  });

  it('CSV: identifiers are quoted text; the excel form has a BOM, semicolons and CRLF', async () => {
    const central = await as(app, world.officer.username);
    const plain = await central.get(`/v1/audit/export.csv?nik=${b.nik}`);
    expect(plain.statusCode).toBe(200);
    const [head, row] = plain.body.trim().split('\n');
    expect(head!.startsWith('\uFEFF')).toBe(false);
    expect(row).toContain(`,"${b.nik}",`);
    const excel = await central.get(`/v1/audit/export.csv?nik=${b.nik}&excel=true`);
    expect(excel.statusCode).toBe(200);
    expect(excel.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = excel.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]!.split(';')).toContain('nik');
    expect(lines[1]!.split(';')).toContain(`"${b.nik}"`);
    expect(lines[1]).not.toContain(',');
  });
});
