import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { as } from '../../test/admin-client.ts';
import { createTestDb } from '../../test/db.ts';
import { addOperator, addResident, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
// Tokens are issued on the real clock (after the accounts' password times); checks then run at set times.
let now: Date | null = null;
const TEN_WIB = new Date('2026-06-15T03:00:00Z');
beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock: () => now ?? new Date() });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const base = (institutionId: string) => ({
  institutionId,
  registryNumber: '470/77/DISDUKCAPIL/2026',
  institutionNumber: '000/12/BAPPEDA/2026',
  purpose: 'Perencanaan pembangunan daerah',
  elements: ['NIK', 'NAMA_LGKP', 'NAMA_LGKP'],
  methods: ['portal'],
  startDate: '2026-01-01',
  endDate: '2027-12-31',
});

describe('/v1/agreements', () => {
  it('records an agreement with both numbers, granted elements and methods; an operator works under it', async () => {
    const central = await as(app, world.officer.username);
    const inst = await insertInstitution(db, {
      code: 'BAPPEDA',
      name: 'Bappeda',
      officeId: world.province.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    const res = await central.post('/v1/agreements', {
      ...base(inst.id),
      allowedHours: { start: '08:00', end: '16:00' },
    });
    expect(res.statusCode).toBe(201);
    const agreement = res.json();
    expect(agreement).toMatchObject({
      officeId: world.province.id,
      elements: ['NIK', 'NAMA_LGKP'],
      status: 'active',
      defaultThreshold: 80,
      allowedHoursStart: '08:00:00',
      allowedHoursEnd: '16:00:00',
    });
    const op = await addOperator(db, inst);
    const token = await tokenFor(app, op.username);
    const r = await addResident(db);
    const lookup = () =>
      app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${token}` },
        payload: { nik: r.nik },
      });
    now = TEN_WIB;
    expect(Object.keys((await lookup()).json().elements)).toEqual(['NIK', 'NAMA_LGKP']);
    now = new Date('2026-06-15T10:00:00Z'); // 17:00 WIB
    expect((await lookup()).json().error.code).toBe('OUTSIDE_ALLOWED_HOURS');
    now = TEN_WIB;

    now = null;
    const revoked = await central.post(`/v1/agreements/${agreement.id}/revoke`, {
      reason: 'Pelanggaran dalam uji',
    });
    expect(revoked.json().status).toBe('revoked');
    expect((await lookup()).json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    expect((await central.get(`/v1/agreements?institutionId=${inst.id}`)).json().items).toHaveLength(1);
  });

  it('is not in force before its start or after its end (WIB days)', async () => {
    const central = await as(app, world.officer.username);
    const inst = await insertInstitution(db, {
      code: 'PERIODE',
      name: 'Periode',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    await central.post('/v1/agreements', {
      ...base(inst.id),
      startDate: '2026-06-16',
      endDate: '2026-06-20',
    });
    const op = await addOperator(db, inst);
    const token = await tokenFor(app, op.username);
    const r = await addResident(db);
    const lookup = () =>
      app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${token}` },
        payload: { nik: r.nik },
      });
    try {
      now = new Date('2026-06-15T16:59:59Z'); // 23:59:59 WIB on the 15th
      expect((await lookup()).json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
      now = new Date('2026-06-15T17:00:00Z'); // 00:00 WIB on the 16th
      expect((await lookup()).statusCode).toBe(200);
      now = new Date('2026-06-20T16:59:59Z'); // last second of the 20th
      expect((await lookup()).statusCode).toBe(200);
      now = new Date('2026-06-20T17:00:00Z');
      expect((await lookup()).json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    } finally {
      now = null;
    }
  });

  it('refuses bad periods, unknown elements and methods, and institutions outside the scope', async () => {
    const central = await as(app, world.officer.username);
    const backwards = await central.post('/v1/agreements', {
      ...base(world.institution.id),
      endDate: '2025-01-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json().error.details)).toContain('endDate is before startDate');
    expect(
      (await central.post('/v1/agreements', { ...base(world.institution.id), elements: ['SALARY'] }))
        .statusCode,
    ).toBe(400);
    expect(
      (await central.post('/v1/agreements', { ...base(world.institution.id), methods: ['fax'] })).statusCode,
    ).toBe(400);
    expect(
      (
        await central.post('/v1/agreements', {
          ...base(world.institution.id),
          allowedHours: { start: '25:00', end: '16:00' },
        })
      ).statusCode,
    ).toBe(400);
    const office = await as(app, world.provinceOfficer.username);
    expect((await office.post('/v1/agreements', base(world.other.institution.id))).statusCode).toBe(404);
  });
});
