import { describe, expect, it } from 'vitest';
import { checkNik } from '../nik/nik.ts';
import { generateResidents } from '../residents/residents.generator.ts';
import { insertResidents } from '../residents/residents.bulk.ts';
import { PASSWORD, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { currentCodeOf, formerCode, isFormerDistrictCode, lineageRows } from './lineage.ts';
import { loadRegionDataset } from './regions.dataset.ts';

const LAWS: Record<string, string> = {
  '93': 'UU-14-2022',
  '94': 'UU-15-2022',
  '95': 'UU-16-2022',
  '96': 'UU-29-2022',
};

describe('the lineage table', () => {
  const rows = lineageRows();
  const ds = loadRegionDataset();

  it('maps every moved regency of 2022 (20 of Papua, 6 of Papua Barat) and their districts', () => {
    expect(rows.filter((r) => r.level === 'regency')).toHaveLength(26);
    expect(rows.filter((r) => r.level === 'district').length).toBeGreaterThan(500);
    expect(formerCode('9101')).toMatchObject({ currentCode: '9301', level: 'regency' });
    expect(formerCode('9271')).toMatchObject({ currentCode: '9671', level: 'regency' });
    // Districts were renumbered: matched by name, not by number.
    expect(formerCode('910204')).toMatchObject({ currentCode: '950103', formerName: 'Asologaima' });
  });

  it('has every current code in the dataset Gerbang loads, at the same level', () => {
    const missing = rows.filter((r) => ds.byCode.get(r.currentCode)?.level !== r.level);
    expect(missing).toEqual([]);
  });

  it('never maps a code that is still current, and maps one-to-one', () => {
    expect(rows.filter((r) => ds.byCode.has(r.formerCode))).toEqual([]);
    expect(new Set(rows.map((r) => r.formerCode)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.currentCode)).size).toBe(rows.length);
  });

  it('puts each district row under its regency row, moved to the province its law names', () => {
    const bad = rows.filter(
      (r) =>
        (r.level === 'district' && currentCodeOf(r.formerCode.slice(0, 4)) !== r.currentCode.slice(0, 4)) ||
        !['91', '92'].includes(r.formerCode.slice(0, 2)) ||
        r.sources[0] !== LAWS[r.currentCode.slice(0, 2)] ||
        r.sources.length !== 3,
    );
    expect(bad).toEqual([]);
  });
});

describe('NIKs under a former code', () => {
  it('validate (a former district code is a valid district part), a made-up code does not', () => {
    expect(isFormerDistrictCode('910101')).toBe(true);
    expect(checkNik('9101014507850001')).toMatchObject({ valid: true, parts: { districtCode: '910101' } });
    expect(checkNik('9301014507850001').valid).toBe(true);
    // 91.01 is a regency code, not a district; 91.99.01 never existed.
    expect(checkNik('9101004507850001')).toEqual({ valid: false, reason: 'unknown_district' });
    expect(checkNik('9199014507850001')).toEqual({ valid: false, reason: 'unknown_district' });
  });
});

describe('through the gateway', () => {
  const t = useTestWorld();
  // A resident the generator gave a pre-split NIK (the seed and count of the generator test).
  const resident = [...generateResidents({ seed: 7, count: 20_000 })].find(
    (p) => isFormerDistrictCode(p.nik.slice(0, 6)) && p.recordStatus === 'active',
  )!;

  it('loads the table from lineage.csv', async () => {
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM region_code_lineage');
    expect(rows[0]!.n).toBe(lineageRows().length);
  });

  it('finds a pre-split NIK through v1 and the wire, as issued', async () => {
    expect(resident).toBeDefined();
    await insertResidents(t.db, [resident]);
    const token = await tokenFor(t.app, t.world.operator.username);
    const v1 = await t.app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik: resident.nik },
    });
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ outcome: 'FOUND', elements: { NIK: resident.nik } });

    const wire = await t.app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${t.world.institution.code}/CALL_NIK`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        USER_ID: t.world.operator.username,
        PASSWORD,
        IP_USER: '127.0.0.1',
        NIK: resident.nik,
      }),
    });
    expect(wire.statusCode).toBe(200);
    const c = (wire.json() as { content: Record<string, string>[] }).content[0]!;
    expect(c).toMatchObject({ RESPONSE_CODE: '01', NIK: resident.nik });
  });

  it('shows officers both codes: GET /v1/regions/{code}/lineage', async () => {
    const token = await tokenFor(t.app, t.world.officer.username);
    const get = (code: string, tk = token) =>
      t.app.inject({ url: `/v1/regions/${code}/lineage`, headers: { authorization: `Bearer ${tk}` } });

    const former = await get('91.01.01');
    expect(former.statusCode, former.body).toBe(200);
    expect(former.headers['cache-control']).toBe('no-store');
    expect(former.json()).toEqual({
      code: '910101',
      status: 'former',
      level: 'district',
      formerCode: '910101',
      formerName: 'Merauke',
      currentCode: '930101',
      currentName: 'MERAUKE',
      changedOn: '2022-07-25',
      sources: ['UU-14-2022', 'WIL-2022', 'WIL-2023'],
    });
    expect((await get('9301')).json()).toMatchObject({
      status: 'current',
      formerCode: '9101',
      currentCode: '9301',
    });
    // The resident's own district, as written in the NIK.
    expect((await get(resident.nik.slice(0, 6))).json()).toMatchObject({
      status: 'former',
      currentCode: resident.villageCode.slice(0, 6),
    });
    expect((await get('3301')).json()).toMatchObject({
      status: 'unchanged',
      currentCode: '3301',
      formerCode: null,
    });
    expect((await get('919901')).json().error.code).toBe('NOT_FOUND');
    expect((await get('91x01')).statusCode).toBe(400);
    const operator = await tokenFor(t.app, t.world.operator.username);
    expect((await get('910101', operator)).statusCode).toBe(403);
  });
});
