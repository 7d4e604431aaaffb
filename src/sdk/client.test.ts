import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { createTestDb } from '../test/db.ts';
import { addResident, PASSWORD, seedWorld, testApp, type World } from '../test/fixtures.ts';
import { GerbangClient, GerbangError } from './client.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('SDK over real HTTP', () => {
  it('logs in, verifies and looks up', async () => {
    const r = await addResident(db, { fullName: 'DEWI LESTARI' });
    const client = new GerbangClient({ baseUrl });
    await client.login(world.operator.username, PASSWORD);
    const v = await client.verify({ nik: r.nik, elements: { NAMA_LGKP: 'Dewi Lestari', AGAMA: 'ISLAM' } });
    expect(v.outcome).toBe('FOUND');
    expect(v.elements).toEqual([
      expect.objectContaining({ element: 'NAMA_LGKP', status: 'match', score: 100 }),
      { element: 'AGAMA', status: 'not_permitted' },
    ]);
    const l = await client.lookup(r.nik);
    expect(l.elements?.NAMA_LGKP).toBe('DEWI LESTARI');
    expect(l.elements).not.toHaveProperty('AGAMA');
  });

  it('throws typed errors with the request ID', async () => {
    const client = new GerbangClient({ baseUrl });
    const err = await client.login(world.operator.username, 'wrong-password-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GerbangError);
    expect(err).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      requestId: expect.stringMatching(/^req_/),
    });
    const noLogin = await new GerbangClient({ baseUrl }).lookup('3301015204900001').catch((e: unknown) => e);
    expect(noLogin).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
