import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, tokenFor, useTestWorld } from '../../test/fixtures.ts';

const t = useTestWorld();

describe('quota increase requests', () => {
  it('are requested with a justification and usage so far, and decided by the central office with a trail', async () => {
    const r = await addResident(t.db);
    const token = await tokenFor(t.app, t.world.operator.username);
    for (let i = 0; i < 3; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${token}` },
        payload: { nik: r.nik },
      });
    }
    const head = await as(t.app, t.world.head.username);
    const short = await head.post(`/v1/accounts/${t.world.operator.id}/quota-requests`, {
      requestedQuota: 500,
      justification: 'kurang',
    });
    expect(short.statusCode).toBe(400);
    const notMore = await head.post(`/v1/accounts/${t.world.operator.id}/quota-requests`, {
      requestedQuota: 10,
      justification: 'Penurunan kuota tidak melalui permohonan kenaikan',
    });
    expect([notMore.statusCode, notMore.json().error.code]).toEqual([400, 'QUOTA_NOT_AN_INCREASE']);
    const res = await head.post(`/v1/accounts/${t.world.operator.id}/quota-requests`, {
      requestedQuota: 500,
      justification: 'Pendataan korban banjir Cilacap memerlukan 500 NIK per hari',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'requested',
      currentQuota: 50,
      usage: { today: 3, last30Days: 3 },
    });
    const id = res.json().id as string;

    // The province office sees the request but cannot decide it: the central office sets quotas.
    const office = await as(t.app, t.world.provinceOfficer.username);
    expect(
      (await office.post(`/v1/quota-requests/${id}/decision`, { grant: true, note: 'Setuju' })).statusCode,
    ).toBe(403);
    expect((await office.get('/v1/quota-requests')).json().items.map((q: { id: string }) => q.id)).toContain(
      id,
    );

    const central = await as(t.app, t.world.officer.username);
    const granted = await central.post(`/v1/quota-requests/${id}/decision`, {
      grant: true,
      note: 'Disetujui berdasarkan kajian teknis',
    });
    expect(granted.json()).toMatchObject({ status: 'granted', decidedBy: t.world.officer.id });
    expect((await central.get(`/v1/accounts/${t.world.operator.id}`)).json().dailyQuota).toBe(500);
    const again = await central.post(`/v1/quota-requests/${id}/decision`, { grant: false, note: 'Lagi' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'QUOTA_REQUEST_DECIDED']);
    const trail = (await central.get(`/v1/admin-audit?entityId=${id}`)).json().items;
    expect(trail.map((a: { action: string }) => a.action)).toEqual([
      'quota_request.grant',
      'quota_request.submit',
    ]);
  });
});
