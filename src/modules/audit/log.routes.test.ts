import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { testApp } from '../../test/fixtures.ts';

let db: Db;
let app: FastifyInstance;
beforeAll(async () => {
  db = await createTestDb();
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the public log routes refuse paths that are no tile', () => {
  it('answers 404 in the error body (never a 5xx) for malformed, non-canonical, huge or NUL paths', async () => {
    const paths = [
      '/log/tile/0/1', // not three digits
      '/log/tile/0/x000/001', // a redundant leading group
      '/log/tile/0/001.p/0', // width 0
      '/log/tile/0/001.p/256', // the full width written as partial
      '/log/tile/0/001.p/999',
      '/log/tile/64/000', // a level outside the layout
      '/log/tile/-1/000',
      '/log/tile/entries/abc',
      '/log/tile/entries/%00', // NUL
      '/log/tile/entries/x999/x999/x999/x999/x999/999', // beyond any 64-bit leaf index
      '/log/tile/0/x009/x007/x199/x254/x740/991', // the largest safe N, times the width: not safe
      '/log/tile/entries/x009/x007/x199/x254/x740/991',
      '/log/tile/entries/x035/x184/x372/x088/832.p/7', // its first leaf index just past 2^53
      `/log/tile/0/${'x123/'.repeat(2000)}456`, // huge
      '/log/tile/0/000', // well-formed, but the log is empty
      '/log/tile/entries/000.p/1',
    ];
    for (const url of paths) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect([400, 404, 414], url).toContain(res.statusCode);
      expect(JSON.parse(res.body).error.requestId, url).toBe(res.headers['x-request-id']);
      // An error is not a public, cacheable resource.
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});
