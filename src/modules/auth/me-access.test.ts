import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { as } from '../../test/admin-client.ts';
import { createTestDb } from '../../test/db.ts';
import { addOperator, agreementFor, seedWorld, testApp, type World } from '../../test/fixtures.ts';
import { insertAgreement, updateAgreement } from '../agreements/agreements.repo.ts';
import { insertInstitution, updateInstitution } from '../institutions/institutions.repo.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const access = async (username: string) => {
  const res = await (await as(app, username)).get('/v1/me/access');
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('GET /v1/me/access: what the signed-in account may do today', () => {
  it("tells an operator the methods and elements of its institution's agreement in force", async () => {
    const a = await access(world.operator.username);
    expect(a.state).toBe('ok');
    expect(a.institution).toMatchObject({ id: world.institution.id, code: world.institution.code });
    expect(a.methods).toEqual(['portal', 'verification']);
    expect(a.agreements).toHaveLength(1);
    expect(a.agreements[0]).toMatchObject({
      id: world.agreement.id,
      methods: world.agreement.methods,
      elements: world.agreement.elements,
    });
  });

  it('names only the portal for an agreement that grants only the portal', async () => {
    const inst = await insertInstitution(db, {
      code: 'PORTAL_ONLY',
      name: 'Instansi Portal Saja',
      officeId: world.province.id,
      allowedNetworks: ['127.0.0.0/8'],
      isActive: true,
    });
    await insertAgreement(db, agreementFor(inst, { methods: ['portal'], registryNumber: 'PKS/PORTAL/1' }));
    const op = await addOperator(db, inst);
    const a = await access(op.username);
    expect(a.state).toBe('ok');
    expect(a.methods).toEqual(['portal']);
  });

  it('says an inactive institution is inactive, and grants nothing, before any search', async () => {
    const inst = await insertInstitution(db, {
      code: 'INACTIVE_ONE',
      name: 'Instansi Nonaktif',
      officeId: world.province.id,
      allowedNetworks: ['127.0.0.0/8'],
      isActive: true,
    });
    await insertAgreement(db, agreementFor(inst, { registryNumber: 'PKS/NONAKTIF/1' }));
    const op = await addOperator(db, inst);
    await updateInstitution(db, inst.id, { isActive: false });
    const a = await access(op.username);
    expect(a.state).toBe('institution_inactive');
    expect(a.institution.isActive).toBe(false);
    expect(a.methods).toEqual([]);
  });

  it('says when no agreement is in force', async () => {
    const inst = await insertInstitution(db, {
      code: 'ENDED_ONE',
      name: 'Instansi PKS Berakhir',
      officeId: world.province.id,
      allowedNetworks: ['127.0.0.0/8'],
      isActive: true,
    });
    const ag = await insertAgreement(db, agreementFor(inst, { registryNumber: 'PKS/END/1' }));
    await updateAgreement(db, ag.id, { status: 'expired' });
    const op = await addOperator(db, inst);
    const a = await access(op.username);
    expect(a.state).toBe('agreement_not_in_force');
    expect(a.methods).toEqual([]);
    expect(a.agreements).toEqual([]);
  });

  it('answers a registry officer with no institution', async () => {
    const a = await access(world.officer.username);
    expect(a).toEqual({ state: 'no_institution', institution: null, methods: [], agreements: [] });
  });
});
