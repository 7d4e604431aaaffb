import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { createTestDb } from '../../test/db.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { createOffice } from './offices.service.ts';

const t = useTestWorld();

describe('/v1/offices', () => {
  it('lets the central office create offices with real region codes, under the right parent', async () => {
    const central = await as(t.app, t.world.officer.username);
    const city = await central.post('/v1/offices', {
      level: 'city',
      regionCode: '33.74',
      name: 'Disdukcapil Kota Semarang',
    });
    expect(city.statusCode).toBe(201);
    expect(city.json()).toMatchObject({ level: 'city', regionCode: '3374', parentId: t.world.province.id });
    const province = await central.post('/v1/offices', {
      level: 'province',
      regionCode: '34',
      name: 'Disdukcapil DIY',
    });
    expect(province.json()).toMatchObject({ parentId: t.world.central.id });
    const list = await central.get('/v1/offices');
    expect(list.json().items.map((o: { regionCode: string | null }) => o.regionCode)).toEqual([
      null,
      '33',
      '3374',
      '34',
    ]);
  });

  it('refuses unknown codes, the wrong level, a second office for a region and a second central office', async () => {
    const central = await as(t.app, t.world.officer.username);
    const unknown = await central.post('/v1/offices', {
      level: 'province',
      regionCode: '99',
      name: 'Tidak Ada',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('not an existing province');
    const wrong = await central.post('/v1/offices', {
      level: 'city',
      regionCode: '3301',
      name: 'Disdukcapil Cilacap',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('is a regency, not a city');
    expect(
      (await central.post('/v1/offices', { level: 'province', regionCode: '33', name: 'Dua Kali' }))
        .statusCode,
    ).toBe(409);
    expect((await central.post('/v1/offices', { level: 'central', name: 'Ditjen Kedua' })).statusCode).toBe(
      409,
    );
  });

  it('refuses a parent office whose region does not hold the new one', async () => {
    const central = await as(t.app, t.world.officer.username);
    const res = await central.post('/v1/offices', {
      level: 'regency',
      regionCode: '3302',
      name: 'Disdukcapil Banyumas',
      parentId: t.world.province.id,
    });
    expect(res.statusCode).toBe(201);
    const diy = (await central.get('/v1/offices'))
      .json()
      .items.find((o: { regionCode: string }) => o.regionCode === '34');
    const wrong = await central.post('/v1/offices', {
      level: 'regency',
      regionCode: '3303',
      name: 'Disdukcapil Purbalingga',
      parentId: diy.id,
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'OFFICE_PARENT_OUTSIDE']);
    expect(wrong.json().error.message).toContain('parent office');
  });

  it('lets only the central office create offices', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const res = await office.post('/v1/offices', {
      level: 'regency',
      regionCode: '3302',
      name: 'Disdukcapil Banyumas',
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a province office before the central office exists (a fresh install)', async () => {
    const db = await createTestDb();
    try {
      await expect(
        createOffice({ db, now: new Date() }, SERVER_ACTOR, {
          level: 'province',
          regionCode: '33',
          name: 'Disdukcapil Jawa Tengah',
        }),
      ).rejects.toMatchObject({ code: 'OFFICE_CENTRAL_FIRST', status: 400 });
    } finally {
      await db.close();
    }
  });
});
