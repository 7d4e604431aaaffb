import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, tokenFor, useTestWorld } from '../../test/fixtures.ts';

const t = useTestWorld();

describe('/v1/accounts', () => {
  it('issues an operator ID with a quota; the quota and the active flag govern its access', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const res = await office.post('/v1/accounts', {
      username: 'bpbd.operator9',
      password: 'kata-sandi-kuat-9',
      fullName: 'Operator Sembilan',
      institutionId: t.world.institution.id,
      dailyQuota: 1,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'operator', dailyQuota: 1, isActive: true });
    expect(res.body).not.toContain('argon2');
    expect(res.body).not.toContain('kata-sandi');
    const id = res.json().id as string;
    // No access until the operator's NDA is recorded (a gate).
    await office.post(`/v1/accounts/${id}/nda`, { signedOn: '2026-01-02' });

    const token = await tokenFor(t.app, 'bpbd.operator9', 'kata-sandi-kuat-9');
    const r = await addResident(t.db);
    const lookup = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${token}` },
        payload: { nik: r.nik },
      });
    expect((await lookup()).statusCode).toBe(200);
    const second = await lookup();
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('QUOTA_EXHAUSTED');
    await office.patch(`/v1/accounts/${id}`, { dailyQuota: null });
    expect((await lookup()).statusCode).toBe(200);
    await office.patch(`/v1/accounts/${id}`, { isActive: false });
    expect((await lookup()).json().error.code).toBe('ACCOUNT_INACTIVE');
  });

  it('refuses weak passwords, officer IDs from an office officer, duplicates and other scopes', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const weak = await office.post('/v1/accounts', {
      username: 'lemah',
      password: 'pendek',
      fullName: 'Lemah Sekali',
      institutionId: t.world.institution.id,
      dailyQuota: 5,
    });
    expect(weak.statusCode).toBe(400);
    const officer = await office.post('/v1/accounts', {
      username: 'petugas.baru',
      password: 'kata-sandi-kuat-1',
      fullName: 'Petugas Baru',
      role: 'office_officer',
      officeId: t.world.province.id,
    });
    expect(officer.statusCode).toBe(403);
    const dup = await office.post('/v1/accounts', {
      username: t.world.operator.username,
      password: 'kata-sandi-kuat-1',
      fullName: 'Kembar',
      institutionId: t.world.institution.id,
      dailyQuota: 5,
    });
    expect(dup.statusCode).toBe(409);
    expect((await office.get(`/v1/accounts/${t.world.other.operator.id}`)).statusCode).toBe(404);
    expect(
      (await office.patch(`/v1/accounts/${t.world.other.operator.id}`, { isActive: false })).statusCode,
    ).toBe(404);
    const list = await office.get('/v1/accounts');
    expect(list.json().items.map((a: { username: string }) => a.username)).not.toContain(
      t.world.other.operator.username,
    );
  });

  it("lets only the central office change an officer's account", async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const own = await office.patch(`/v1/accounts/${t.world.provinceOfficer.id}`, {
      password: 'ambil-alih-akun-1',
    });
    expect(own.statusCode).toBe(403);
    const central = await as(t.app, t.world.officer.username);
    expect(
      (
        await central.patch(`/v1/accounts/${t.world.provinceOfficer.id}`, {
          fullName: 'Petugas Provinsi Baru',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('lets the central office issue officer IDs', async () => {
    const central = await as(t.app, t.world.officer.username);
    const res = await central.post('/v1/accounts', {
      username: 'petugas.jateng2',
      password: 'kata-sandi-kuat-2',
      fullName: 'Petugas Dua',
      role: 'office_officer',
      officeId: t.world.province.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      role: 'office_officer',
      officeId: t.world.province.id,
      institutionId: null,
    });
  });
});
