import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { createTestDb } from '../test/db.ts';
import { addResident, PASSWORD, seedWorld, testConfig, tokenFor, type World } from '../test/fixtures.ts';
import { buildApp } from './app.ts';
import { PORTAL_CSP } from './portal.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let nik: string;

beforeAll(async () => {
  // A stand-in build of the portal: what is served is the server's business, not the build's.
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Gerbang</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log("portal")');
  writeFileSync(
    join(dir, 'warga.html'),
    '<!doctype html><title>Cek akses data saya</title><div id="root"></div>',
  );
  db = await createTestDb();
  world = await seedWorld(db);
  nik = (await addResident(db)).nik;
  app = await buildApp({ config: testConfig, db, logger: false, portalDir: dir });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function signIn(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/session',
    payload: { username, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { cookie, csrf: res.json().csrfToken };
}

describe('the portal on the API origin', () => {
  it('serves index.html for the portal routes a browser opens, with the CSP and no-store', async () => {
    for (const url of ['/', '/operator/lookup', '/officer/audit?nik=1']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toBe(PORTAL_CSP);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const asset = await app.inject({ url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it("serves the resident's own page (warga.html) for /warga and below, and only there", async () => {
    for (const url of ['/warga', '/warga/', '/warga/catatan/12', '/warga/keberatan?x=1']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('Cek akses data saya');
      expect(res.headers['content-security-policy']).toBe(PORTAL_CSP);
    }
    const officer = await app.inject({ url: '/wargaku', headers: { accept: 'text/html' } });
    expect(officer.body).toContain('<title>Gerbang</title>');
  });

  it('keeps API and wire paths as the API answers them, even for a browser', async () => {
    const api = await app.inject({ url: '/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    const post = await app.inject({
      method: 'POST',
      url: '/operator/lookup',
      headers: { accept: 'text/html' },
    });
    expect(post.statusCode).toBe(404);
    expect((await app.inject({ url: '/docs/', headers: { accept: 'text/html' } })).body).toContain('swagger');
  });
});

describe('the browser session', () => {
  it('refuses a change made with the cookie but without the CSRF token, and accepts it with the token', async () => {
    const { cookie, csrf } = await signIn(world.operator.username);
    const bare = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { cookie },
      payload: { nik },
    });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('CSRF_FAILED');
    const forged = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
      payload: { nik },
    });
    expect(forged.json().error.code).toBe('CSRF_FAILED');
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { nik },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().outcome).toBe('FOUND');
    expect(ok.headers['cache-control']).toBe('no-store');
    // After a reload the portal asks for the token again; a bearer caller has none and needs none.
    const again = await app.inject({ url: '/v1/auth/csrf', headers: { cookie } });
    expect(again.json().csrfToken).toBe(csrf);
    const token = await tokenFor(app, world.operator.username);
    const viaToken = await app.inject({
      url: '/v1/auth/csrf',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.json().csrfToken).toBeNull();
  });

  it("a session's token does not fit another session", async () => {
    const a = await signIn(world.operator.username);
    const b = await signIn(world.operator.username);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { cookie: a.cookie, 'x-csrf-token': b.csrf },
      payload: { nik },
    });
    expect(res.json().error.code).toBe('CSRF_FAILED');
  });

  it('an ended session is told apart from a wrong password, and the attempt is audited', async () => {
    const { cookie, csrf } = await signIn(world.operator.username);
    const out = await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { nik },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/Sesi/),
    });
    const officer = await tokenFor(app, world.officer.username);
    const audit = await app.inject({
      url: `/v1/audit?outcome=login_failed&limit=5`,
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(audit.json().items.map((r: { requestId: string }) => r.requestId)).toContain(
      res.headers['x-request-id'],
    );
  });
});

describe("the portal's read models", () => {
  it("the operator's own history of today, the dashboard figures and the CSV export agree", async () => {
    const token = await tokenFor(app, world.operator.username);
    const auth = { authorization: `Bearer ${token}` };
    const before = (await app.inject({ url: '/v1/audit/mine', headers: auth })).json().items.length;
    for (const n of [nik, '9900000000000000']) {
      await app.inject({ method: 'POST', url: '/v1/lookups', headers: auth, payload: { nik: n } });
    }
    const mine = (await app.inject({ url: '/v1/audit/mine', headers: auth })).json().items;
    expect(mine.length).toBe(before + 2);
    expect(mine[0]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      nik: '9900000000000000',
      method: 'portal',
      outcome: 'nik_invalid_format',
    });

    const officer = { authorization: `Bearer ${await tokenFor(app, world.officer.username)}` };
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const stats = await app.inject({
      url: `/v1/audit/stats?from=${today}&to=${today}&institutionId=${world.institution.id}`,
      headers: officer,
    });
    expect(stats.statusCode, stats.body).toBe(200);
    const body = stats.json();
    const hits = body.days.reduce((s: number, d: { hits: number }) => s + d.hits, 0);
    // Both look-ups above were answered (found; NIK format), so both took a hit; refusals did not.
    const answered = mine.filter((r: { outcome: string }) =>
      ['found', 'nik_invalid_format', 'not_found'].includes(r.outcome),
    ).length;
    expect(hits).toBe(answered);
    expect(body.busiest[0]).toMatchObject({ institutionId: world.institution.id, hits });
    const bad = await app.inject({ url: `/v1/audit/stats?from=${today}&to=2000-01-01`, headers: officer });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'PERIOD_ORDER']);
    const long = await app.inject({ url: '/v1/audit/stats?from=2024-01-01&to=2025-01-02', headers: officer });
    expect([long.statusCode, long.json().error.code]).toEqual([400, 'PERIOD_TOO_LONG']);

    const csv = await app.inject({
      url: `/v1/audit/export.csv?institutionId=${world.institution.id}`,
      headers: officer,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,at,requestId,protocol,method,institutionId,accountId,username,nik,elementsRequested,' +
        'elementsReturned,outcome,callerIp,agreementVersionId,purpose,purposeDefaulted',
    );
    const listed = await app.inject({
      url: `/v1/audit?institutionId=${world.institution.id}&limit=500`,
      headers: officer,
    });
    expect(lines.length - 1).toBe(listed.json().items.length);
    expect(lines[1]).toContain(',"9900000000000000",');
  });
});
