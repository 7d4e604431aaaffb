import { describe, expect, it } from 'vitest';
import { tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { buildNik } from '../nik/nik.ts';
import { insertAlert, type MisuseAlert } from './misuse.repo.ts';

/**
 * The officers' side: GET /v1/misuse-alerts scoped like /v1/audit, acknowledgement, and the agreement's
 * misuse action through the admin API.
 */
const t = useTestWorld();

const evidence = (n: number) => ({
  scope: 'account' as const,
  count: 3,
  threshold: 3,
  windowSeconds: 600,
  events: [1, 2, 3].map((s) => ({
    nik: buildNik({ districtCode: '330101', birthDate: '1990-04-12', sex: 'LAKI-LAKI', serial: n * 10 + s }),
    at: '2027-06-14T03:00:00.000Z',
    accountId: 'usr_x',
  })),
});

async function seedAlerts() {
  const { world, db } = t;
  const own = await insertAlert(db, {
    institutionId: world.institution.id,
    accountId: world.operator.id,
    agreementId: world.agreement.id,
    reason: 'sequential_serial',
    severity: 'medium',
    action: 'alert',
    evidence: evidence(1),
    at: new Date('2027-06-14T03:00:00Z'),
  });
  const ownBurst = await insertAlert(db, {
    institutionId: world.institution.id,
    accountId: world.operator.id,
    agreementId: world.agreement.id,
    reason: 'burst',
    severity: 'high',
    action: 'alert',
    evidence: evidence(2),
    at: new Date('2027-06-14T03:05:00Z'),
  });
  const other = await insertAlert(db, {
    institutionId: world.other.institution.id,
    accountId: world.other.operator.id,
    agreementId: world.other.agreement.id,
    reason: 'family_sweep',
    severity: 'medium',
    action: 'alert',
    evidence: evidence(3),
    at: new Date('2027-06-14T03:10:00Z'),
  });
  return { own, ownBurst, other };
}

const get = async (token: string, query = '') =>
  t.app.inject({ url: `/v1/misuse-alerts${query}`, headers: { authorization: `Bearer ${token}` } });
const ids = (res: { json: () => { items: MisuseAlert[] } }) => res.json().items.map((a) => a.id);

describe('/v1/misuse-alerts', () => {
  it('lists alerts newest first; an office officer sees only its area; filters and pages', async () => {
    const a = await seedAlerts();
    const central = await tokenFor(t.app, t.world.officer.username);
    const office = await tokenFor(t.app, t.world.provinceOfficer.username);
    const all = await get(central);
    expect(all.statusCode).toBe(200);
    expect(ids(all)).toEqual([a.other, a.ownBurst, a.own]);
    expect(all.json().items[0]).toMatchObject({
      institutionId: t.world.other.institution.id,
      reason: 'family_sweep',
      acknowledgedAt: null,
      evidence: { count: 3, events: expect.any(Array) },
    });
    expect(ids(await get(office))).toEqual([a.ownBurst, a.own]);
    expect(ids(await get(office, `?institutionId=${t.world.other.institution.id}`))).toEqual([]);
    expect(ids(await get(central, '?reason=burst'))).toEqual([a.ownBurst]);
    expect(ids(await get(central, `?accountId=${t.world.operator.id}`))).toEqual([a.ownBurst, a.own]);
    const page = await get(central, '?limit=2');
    expect(ids(page)).toEqual([a.other, a.ownBurst]);
    expect(ids(await get(central, `?limit=2&before=${page.json().nextCursor}`))).toEqual([a.own]);
    expect((await get(central, '?reason=nonsense')).statusCode).toBe(400);

    // Acknowledging: 404 outside the scope (existence not disclosed), 403 for an operator, 401 without a token.
    const ack = (token: string | null, id: string, body: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/misuse-alerts/${id}/acknowledge`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        payload: body,
      });
    expect((await ack(office, a.other)).statusCode).toBe(404);
    expect((await ack(office, 'alr_tidakada')).statusCode).toBe(404);
    expect((await ack(await tokenFor(t.app, t.world.operator.username), a.own)).statusCode).toBe(403);
    expect((await ack(null, a.own)).statusCode).toBe(401);
    expect((await ack(office, a.own, { note: 'x'.repeat(1001) })).statusCode).toBe(400);
    const done = await ack(office, a.own, { note: 'Sudah ditegur' });
    expect(done.json()).toMatchObject({ id: a.own, reinstated: false, note: 'Sudah ditegur' });
    expect(ids(await get(office, '?status=open'))).toEqual([a.ownBurst]);
    expect(ids(await get(office, '?status=acknowledged'))).toEqual([a.own]);
    expect((await ack(central, a.other)).statusCode).toBe(200);
  });
});

describe("an agreement's misuse action", () => {
  it('defaults to alert and is set on creation or changed by PATCH', async () => {
    const central = await tokenFor(t.app, t.world.officer.username);
    const headers = { authorization: `Bearer ${central}` };
    const body = {
      institutionId: t.world.institution.id,
      registryNumber: 'PKS/MISUSE/API',
      institutionNumber: 'BPBD/MISUSE/API',
      purpose: 'Uji tindakan penyalahgunaan',
      elements: ['NIK', 'NAMA_LGKP'],
      methods: ['portal'],
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    };
    const plain = await t.app.inject({ method: 'POST', url: '/v1/agreements', headers, payload: body });
    expect(plain.json().misuseAction).toBe('alert');
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/agreements',
      headers,
      payload: { ...body, misuseAction: 'throttle' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().misuseAction).toBe('throttle');
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: `/v1/agreements/${created.json().id}`, headers, payload });
    expect((await patch({ misuseAction: 'suspend' })).json()).toMatchObject({
      misuseAction: 'suspend',
      status: 'active',
    });
    // The status is not PATCH's to change: the lifecycle routes are named in the refusal.
    const status = await patch({ status: 'revoked' });
    expect(status.statusCode).toBe(400);
    expect(status.body).toContain('/revoke');
    expect((await patch({ misuseAction: 'ban' })).statusCode).toBe(400);
    expect((await patch({})).statusCode).toBe(400);
  });
});
