import { describe, expect, it } from 'vitest';
import { SERVER_ACTOR } from '../../core/actor.ts';
import type { Db } from '../../db/db.ts';
import { as } from '../../test/admin-client.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { changeInstitution } from '../institutions/institutions.service.ts';
import { getInstitution } from '../institutions/institutions.repo.ts';

const t = useTestWorld();

/** A Db whose transactions fail at the admin audit insert, to show the change goes with it. */
function failingAudit(db: Db): Db {
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    exec: (sql) => inner.exec(sql),
    close: () => inner.close(),
    query: (sql, params) => {
      if (sql.includes('INSERT INTO admin_audit')) return Promise.reject(new Error('audit down'));
      return inner.query(sql, params);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
  });
  return wrap(db);
}

describe('/v1/admin-audit', () => {
  it('records every administrative change with actor, address, before and after', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/institutions/${t.world.institution.id}`,
      headers: { authorization: `Bearer ${office.token}`, 'x-request-id': 'req-audit-test-1' },
      payload: { allowedNetworks: ['10.33.0.0/16'] },
    });
    expect(res.statusCode).toBe(200);
    const created = await office.post('/v1/accounts', {
      username: 'bpbd.operator.audit',
      password: 'kata-sandi-kuat-audit',
      fullName: 'Operator Audit',
      institutionId: t.world.institution.id,
      dailyQuota: 5,
    });
    expect(created.statusCode).toBe(201);
    await office.patch(`/v1/accounts/${created.json().id}`, { password: 'kata-sandi-baru-audit' });

    const rows = (await office.get('/v1/admin-audit')).json().items as Record<string, unknown>[];
    const change = rows.find((r) => r.action === 'institution.update')!;
    expect(change).toMatchObject({
      actorId: t.world.provinceOfficer.id,
      actorUsername: t.world.provinceOfficer.username,
      actorIp: '127.0.0.1',
      requestId: 'req-audit-test-1',
      entityType: 'institution',
      entityId: t.world.institution.id,
      officeId: t.world.province.id,
      before: { allowedNetworks: ['127.0.0.0/8', '10.33.0.0/16'] },
      after: { allowedNetworks: ['10.33.0.0/16'] },
    });
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['account.create', 'account.update_password']),
    );
    // Passwords and their hashes never reach the audit.
    const all = JSON.stringify(rows);
    expect(all).not.toContain('kata-sandi');
    expect(all).not.toContain('argon2');
  });

  it('is read in scope: the province office and its auditor see only their area; operators never', async () => {
    const central = await as(t.app, t.world.officer.username);
    await central.patch(`/v1/institutions/${t.world.other.institution.id}`, { name: 'Bank Sintetis Baru' });
    const centralRows = (await central.get('/v1/admin-audit')).json().items as { entityId: string }[];
    expect(centralRows.map((r) => r.entityId)).toContain(t.world.other.institution.id);
    for (const who of [t.world.provinceOfficer.username, t.world.provinceAuditor.username]) {
      const c = await as(t.app, who);
      const body = (await c.get('/v1/admin-audit?limit=500')).body;
      expect(body).not.toContain(t.world.other.institution.id);
    }
    const auditor = await as(t.app, t.world.auditor.username);
    expect((await auditor.get('/v1/admin-audit')).body).toContain(t.world.other.institution.id);
    // Auditors read but never change.
    expect(
      (await auditor.patch(`/v1/institutions/${t.world.institution.id}`, { name: 'Diubah Auditor' }))
        .statusCode,
    ).toBe(403);
    for (const who of [t.world.operator.username, t.world.head.username, t.world.admin.username]) {
      expect((await (await as(t.app, who)).get('/v1/admin-audit')).statusCode).toBe(403);
    }
  });

  it('writes the record in the same transaction as the change: no record, no change', async () => {
    await expect(
      changeInstitution({ db: failingAudit(t.db), now: new Date() }, SERVER_ACTOR, {
        id: t.world.institution.id,
        name: 'Tidak Jadi Diubah',
      }),
    ).rejects.toThrow('audit down');
    expect((await getInstitution(t.db, t.world.institution.id))!.name).toBe(t.world.institution.name);
  });
});

describe("an institution's admin and its operators", () => {
  it('issues and deactivates its own operators, at the development quota, and nothing else', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const res = await admin.post('/v1/accounts', {
      username: 'bpbd.operator.baru',
      password: 'kata-sandi-kuat-baru',
      fullName: 'Operator Baru BPBD',
      institutionId: t.world.institution.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ role: 'operator', dailyQuota: 50 });
    const off = await admin.patch(`/v1/accounts/${res.json().id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);

    const withQuota = await admin.post('/v1/accounts', {
      username: 'bpbd.operator.kuota',
      password: 'kata-sandi-kuat-baru',
      fullName: 'Operator Kuota',
      institutionId: t.world.institution.id,
      dailyQuota: null,
    });
    expect(withQuota.statusCode).toBe(403);
    expect((await admin.patch(`/v1/accounts/${res.json().id}`, { dailyQuota: 1000 })).statusCode).toBe(403);
    const head = await admin.post('/v1/accounts', {
      username: 'bpbd.kepala.baru',
      password: 'kata-sandi-kuat-baru',
      fullName: 'Kepala Baru',
      role: 'institution_head',
      institutionId: t.world.institution.id,
    });
    expect(head.statusCode).toBe(403);
    expect((await admin.patch(`/v1/accounts/${t.world.head.id}`, { isActive: false })).statusCode).toBe(403);
  });

  it('lets only the central office issue auditors', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const body = {
      username: 'auditor.baru',
      password: 'kata-sandi-kuat-baru',
      fullName: 'Auditor Baru',
      role: 'auditor',
      officeId: t.world.province.id,
    };
    expect((await office.post('/v1/accounts', body)).statusCode).toBe(403);
    const central = await as(t.app, t.world.officer.username);
    const res = await central.post('/v1/accounts', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ role: 'auditor', officeId: t.world.province.id });
  });
});
