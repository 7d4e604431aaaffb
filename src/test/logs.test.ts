import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { buildApp } from '../http/app.ts';
import { createTestDb } from './db.ts';
import { addResident, PASSWORD, seedWorld, testConfig, tokenFor, type World } from './fixtures.ts';
import type { FastifyInstance } from 'fastify';

let db: Db;
let app: FastifyInstance;
let world: World;
let logs = '';

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  app = await buildApp({ config: { ...testConfig, logLevel: 'trace' }, db, logStream: stream });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('logs', () => {
  it('hold no population data, passwords or tokens, whatever the route', async () => {
    const r = await addResident(db, { fullName: 'KARTIKA SARI DEWANTI', motherName: 'SRI MULYANINGSIH' });
    const token = await tokenFor(app, world.operator.username);
    const officer = await tokenFor(app, world.officer.username);
    const auth = { authorization: `Bearer ${token}` };
    await app.inject({ method: 'POST', url: '/v1/lookups', headers: auth, payload: { nik: r.nik } });
    await app.inject({
      method: 'POST',
      url: '/v1/verifications',
      headers: auth,
      payload: { nik: r.nik, elements: { NAMA_LGKP: 'KARTIKA SARI DEWANTI' } },
    });
    await app.inject({
      method: 'POST',
      url: '/v1/verifications',
      headers: auth,
      payload: { nik: r.nik, elements: { X: 1 } },
    });
    await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      payload: { USER_ID: world.operator.username, PASSWORD, IP_USER: '127.0.0.1', NIK: r.nik },
    });
    await app.inject({
      method: 'GET',
      url: `/v1/audit?nik=${r.nik}`,
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('/v1/audit'); // the path is logged…
    for (const secret of [r.nik, r.fullName, r.motherName, r.streetAddress, PASSWORD, token, officer]) {
      expect(logs).not.toContain(secret); // …but nothing of the person, the password or the tokens
    }
  });
});
