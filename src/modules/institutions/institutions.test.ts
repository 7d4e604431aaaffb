import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, tokenFor, useTestWorld } from '../../test/fixtures.ts';

const t = useTestWorld();

describe('/v1/institutions', () => {
  it('registers an institution with normalised networks; an office officer only under its own offices', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const res = await office.post('/v1/institutions', {
      code: 'DINSOS_JATENG',
      name: 'Dinas Sosial Provinsi Jawa Tengah',
      officeId: t.world.province.id,
      allowedNetworks: ['10.33.1.0/24', '10.33.2.9', '2001:db8::/48'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'DINSOS_JATENG',
      isActive: true,
      allowedNetworks: ['10.33.1.0/24', '10.33.2.9/32', '2001:db8::/48'],
    });
    expect(res.json().id).toMatch(/^ins_/);
    const outside = await office.post('/v1/institutions', {
      code: 'X_PUSAT',
      name: 'Di luar wilayah',
      officeId: t.world.central.id,
    });
    expect(outside.statusCode).toBe(400);
    const dup = await office.post('/v1/institutions', {
      code: 'DINSOS_JATENG',
      name: 'Lagi',
      officeId: t.world.province.id,
    });
    expect(dup.statusCode).toBe(409);
  });

  it('explains a bad network clearly', async () => {
    const central = await as(t.app, t.world.officer.username);
    const res = await central.post('/v1/institutions', {
      code: 'BADNET',
      name: 'Jaringan Salah',
      officeId: t.world.central.id,
      allowedNetworks: ['10.0.0.0/33'],
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('Not a CIDR range or IP address: 10.0.0.0/33');
  });

  it('deactivating an institution refuses its operators; reactivating lets them in again', async () => {
    const central = await as(t.app, t.world.officer.username);
    const r = await addResident(t.db);
    const op = await tokenFor(t.app, t.world.operator.username);
    const lookup = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${op}` },
        payload: { nik: r.nik },
      });
    expect((await lookup()).statusCode).toBe(200);
    const off = await central.patch(`/v1/institutions/${t.world.institution.id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);
    expect((await lookup()).json().error.code).toBe('INSTITUTION_INACTIVE');
    await central.patch(`/v1/institutions/${t.world.institution.id}`, {
      isActive: true,
      allowedNetworks: ['10.0.0.0/8'],
    });
    expect((await lookup()).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    await central.patch(`/v1/institutions/${t.world.institution.id}`, { allowedNetworks: ['127.0.0.1'] });
    expect((await lookup()).statusCode).toBe(200);
  });

  it('refuses an empty change', async () => {
    const central = await as(t.app, t.world.officer.username);
    expect((await central.patch(`/v1/institutions/${t.world.institution.id}`, {})).statusCode).toBe(400);
    expect((await central.get('/v1/institutions/ins_doesnotexist')).statusCode).toBe(404);
  });
});
