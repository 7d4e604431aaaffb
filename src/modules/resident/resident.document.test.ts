import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { addSyntheticContacts } from './resident.contacts.ts';
import { maskNik } from './resident.document.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let now = new Date();
const clock = () => now;
let carla: ResidentRow;
let dedi: ResidentRow;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock });
  carla = await addResident(db, { fullName: 'CARLA DEWI SINTETIS' });
  dedi = await addResident(db, { fullName: 'DEDI SURYA SINTETIS' });
  await addSyntheticContacts(db, [carla.nik, dedi.nik]);
  // After the accounts were made (a token issued before an account's password was set is void).
  now = new Date(Date.now() + 60 * 60_000);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const post = (url: string, payload: object, over: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'POST', url, payload, ...over });
const operator = async () => ({ authorization: `Bearer ${await tokenFor(app, world.operator.username)}` });

async function signIn(nik: string) {
  expect((await post('/v1/resident/sign-in/code', { nik })).statusCode).toBe(202);
  const code = ((await app.inject({ url: '/v1/resident/dev/outbox' })).json().items as { code: string }[])[0]!
    .code;
  const res = await post('/v1/resident/sign-in', { nik, code });
  expect(res.statusCode, res.body).toBe(201);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken as string };
}

describe("the resident's session, labels and single record", () => {
  it('gives the CSRF token again after a reload, and only to a resident session', async () => {
    const s = await signIn(carla.nik);
    const res = await app.inject({ url: '/v1/resident/session', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ csrfToken: s.csrf, idleMinutes: expect.any(Number) });
    const bearer = await app.inject({ url: '/v1/resident/session', headers: await operator() });
    expect(bearer.statusCode).toBe(401);
  });

  it('names elements by their Indonesian labels', async () => {
    const s = await signIn(carla.nik);
    const res = await app.inject({ url: '/v1/resident/elements', headers: { cookie: s.cookie } });
    expect(res.json().items).toEqual(
      expect.arrayContaining([{ code: 'NAMA_LGKP', label: expect.any(String) }]),
    );
    expect((await app.inject({ url: '/v1/resident/elements' })).statusCode).toBe(401);
  });

  it("opens one of the resident's own records, and no one else's", async () => {
    const found = await post('/v1/lookups', { nik: carla.nik }, { headers: await operator() });
    expect(found.json().outcome, found.body).toBe('FOUND');
    const c = await signIn(carla.nik);
    const [first] = (await app.inject({ url: '/v1/resident/history', headers: { cookie: c.cookie } })).json()
      .items as { id: number }[];
    const one = await app.inject({ url: `/v1/resident/history/${first!.id}`, headers: { cookie: c.cookie } });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: first!.id, outcome: 'found', method: 'portal' });
    const d = await signIn(dedi.nik);
    const other = await app.inject({
      url: `/v1/resident/history/${first!.id}`,
      headers: { cookie: d.cookie },
    });
    expect(other.statusCode).toBe(404);
    const bad = await app.inject({ url: '/v1/resident/history/abc', headers: { cookie: d.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe("the resident's history pages", () => {
  it('newest first by time even when ids are not in time order, each record once across pages', async () => {
    const fresh = await addResident(db, { fullName: 'FAJAR PAGING SINTETIS' });
    await addSyntheticContacts(db, [fresh.nik]);
    // Seven rows written out of time order (as a backdated import would), two of them at the same instant.
    const offsets = [5, 1, 7, 3, 3, 6, 2];
    for (const hours of offsets) {
      await db.query(
        `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, nik, outcome, caller_ip)
         VALUES ($1, 'paging', 'v1', 'portal', $2, $3, 'found', '127.0.0.1')`,
        [new Date(now.getTime() - hours * 3_600_000).toISOString(), world.institution.id, fresh.nik],
      );
    }
    const s = await signIn(fresh.nik);
    const seen: { id: number; at: string }[] = [];
    let cursor: number | null = null;
    do {
      const res = await app.inject({
        url: `/v1/resident/history?limit=2${cursor ? `&before=${cursor}` : ''}`,
        headers: { cookie: s.cookie },
      });
      const page = res.json() as { items: { id: number; at: string }[]; nextCursor: number | null };
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.length).toBe(offsets.length);
    expect(new Set(seen.map((r) => r.id)).size).toBe(offsets.length);
    const times = seen.map((r) => new Date(r.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe("the resident's history as a PDF", () => {
  it('lists the accesses in Indonesian with element names, never values, and the NIK masked', async () => {
    const headers = await operator();
    await post('/v1/lookups', { nik: dedi.nik }, { headers });
    const refused = await post('/v1/lookups', { nik: dedi.nik, purpose: 'REKENING' }, { headers });
    expect(refused.statusCode).toBe(403);
    const s = await signIn(dedi.nik);
    const res = await app.inject({
      url: '/v1/resident/history/document?format=pdf',
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="riwayat-akses-/);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('RIWAYAT AKSES DATA KEPENDUDUKAN');
    expect(text).toContain(maskNik(dedi.nik));
    expect(text).toContain('Jumlah catatan : 2');
    expect(text).toContain(world.institution.name);
    expect(text).toContain('Portal web');
    expect(text).toContain('Pembukaan rekening');
    expect(text).toContain('Ditolak: Tujuan penggunaan data ini tidak diberikan');
    expect(text).toContain('Dijawab: Data ditemukan');
    expect(text).toContain('Nama Lengkap');
    expect(text).toMatch(
      /\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}:\d{2}:\d{2} WIB/,
    );
    // Never the NIK in full, never a value of the record.
    for (const value of [dedi.nik, dedi.fullName, dedi.birthDate, dedi.motherName]) {
      expect(text).not.toContain(value);
    }
  });

  it("respects a covert agreement's delay, like the screen", async () => {
    const set = await app.inject({
      method: 'PATCH',
      url: `/v1/agreements/${world.agreement.id}/disclosure-delay`,
      headers: { authorization: `Bearer ${await tokenFor(app, world.officer.username)}` },
      payload: { days: 90 },
    });
    expect(set.statusCode).toBe(200);
    const fresh = await addResident(db, { fullName: 'EKA PUTRI SINTETIS' });
    await addSyntheticContacts(db, [fresh.nik]);
    await post('/v1/lookups', { nik: fresh.nik }, { headers: await operator() });
    const s = await signIn(fresh.nik);
    const hidden = await app.inject({ url: '/v1/resident/history/document', headers: { cookie: s.cookie } });
    expect(await pdfText(hidden.rawPayload)).toContain('Belum ada akses yang tercatat');
    now = new Date(now.getTime() + 91 * 86_400_000);
    const t = await signIn(fresh.nik);
    const shown = await app.inject({ url: '/v1/resident/history/document', headers: { cookie: t.cookie } });
    expect(await pdfText(shown.rawPayload)).toContain('Jumlah catatan : 1');
  });

  it('is refused without a resident session and for a format it does not have', async () => {
    expect((await app.inject({ url: '/v1/resident/history/document' })).statusCode).toBe(401);
    const s = await signIn(carla.nik);
    const res = await app.inject({
      url: '/v1/resident/history/document?format=docx',
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});
