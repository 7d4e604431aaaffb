import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { buildApp } from '../http/app.ts';
import { wibDay } from '../lib/time.ts';
import { generateResidents } from '../modules/residents/residents.generator.ts';
import { insertResidents } from '../modules/residents/residents.bulk.ts';
import { createTestDb } from '../test/db.ts';
import { testConfig } from '../test/fixtures.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';

let db: Db;
let app: Awaited<ReturnType<typeof buildApp>>;
let niks: string[];
beforeAll(async () => {
  db = await createTestDb();
  const residents = [...generateResidents({ seed: 11, count: 50 })];
  await insertResidents(db, residents);
  niks = residents.map((r) => r.nik);
  const accounts = await seedDemo(db, testConfig, new Date(), { historyDays: 0 });
  expect(accounts?.map((a) => a.username)).toEqual(expect.arrayContaining(['bank.op1', 'pusat.keuangan']));
  app = await buildApp({ config: testConfig, db, logger: false });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const token = async (username: string) =>
  (
    await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username, password: DEMO_PASSWORD },
    })
  ).json<{ token: string }>().token;

describe('the demo bank (profit-oriented, PP 10/2023)', () => {
  it('pays Rp1,000 per answer from its Rp25,000 deposit and is refused once it is spent; its statement says so', async () => {
    const auth = { authorization: `Bearer ${await token('bank.op1')}` };
    const statuses: number[] = [];
    for (let i = 0; i < 27; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: auth,
        payload: { nik: niks[i % niks.length] },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    expect(statuses.slice(25)).toEqual([402, 402]);
    const head = { authorization: `Bearer ${await token('bank.kepala')}` };
    const me = await app.inject({ url: '/v1/me', headers: head });
    const id = me.json<{ institutionId: string }>().institutionId;
    const st = await app.inject({
      url: `/v1/fees/institutions/${id}/statements/${wibDay(new Date()).slice(0, 7)}`,
      headers: head,
    });
    expect(st.json()).toMatchObject({
      openingRupiah: 0,
      depositsRupiah: 25_000,
      accesses: 25,
      chargesRupiah: 25_000,
      closingRupiah: 0,
    });
  });
});
