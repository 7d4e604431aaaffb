import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.ts';
import { createTestDb } from '../test/db.ts';
import { seedWorld, testApp, type World } from '../test/fixtures.ts';

let db: Db;
let app: FastifyInstance;
let world: World;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the HTTP shell', () => {
  it('answers /health and /ready', async () => {
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('serves OpenAPI with every API route, and Swagger UI', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/auth/token',
      '/v1/me',
      '/v1/verifications',
      '/v1/lookups',
      '/v1/offices',
      '/v1/institutions',
      '/v1/institutions/{id}',
      '/v1/agreements',
      '/v1/agreements/{id}',
      '/v1/accounts',
      '/v1/accounts/{id}',
      '/v1/audit',
      '/dukcapil/get_json/{customerId}/CALL_VERIFY_BY_ELEMEN',
      '/dukcapil/get_json/{customerId}/CALL_NIK',
    ]) {
      expect(spec.paths).toHaveProperty([path]);
    }
    const docs = await app.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('echoes a sane incoming request ID and replaces an unsafe one', async () => {
    const kept = await app.inject({ url: '/health', headers: { 'x-request-id': 'client-abc-12345' } });
    expect(kept.headers['x-request-id']).toBe('client-abc-12345');
    const replaced = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('answers an unknown route with the one error body', async () => {
    const res = await app.inject({ url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), requestId: res.headers['x-request-id'] },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers an oversized wire body in the wire shape (07), not an HTTP error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        USER_ID: 'a',
        PASSWORD: 'b',
        IP_USER: '127.0.0.1',
        PAD: 'x'.repeat(100_000),
      }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ content: [{ RESPON: 'Parameter Tidak Lengkap', RESPONSE_CODE: '07' }] });
  });

  it('refuses a v1 body of the wrong media type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('says not ready when the database is gone', async () => {
    const lone = await createTestDb();
    const a = await testApp(lone);
    await lone.close();
    const res = await a.inject({ url: '/ready' });
    expect(res.statusCode).toBe(503);
    await a.close();
  });
});
