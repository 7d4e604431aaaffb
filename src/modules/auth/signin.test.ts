import { describe, expect, it } from 'vitest';
import { PASSWORD, testConfig, useTestWorld, buildApp } from '../../test/fixtures.ts';
import { totpCode } from './totp.ts';

// A clock the tests move: sessions' idle timeout and lockout periods run on it. It starts a minute ahead, after
// the accounts' password times (set by the database's own clock when the world is seeded).
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

const login = (username: string, password = PASSWORD, totp?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/auth/session',
    payload: { username, password, ...(totp ? { totp } : {}) },
  });
/** The headers a browser sends with its session: the cookie, and the CSRF token on changes. */
const sessionOf = (res: { headers: Record<string, unknown>; json: () => { csrfToken?: string } }) => ({
  cookie: String(res.headers['set-cookie']).split(';')[0]!,
  'x-csrf-token': res.json().csrfToken ?? '',
});

describe('browser sessions', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie that authenticates, idles out, and logs out', async () => {
    const res = await login(t.world.provinceOfficer.username);
    expect(res.statusCode, res.body).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^gerbang_session=[A-Za-z0-9_-]{40,}; /);
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(setCookie).toContain(flag);
    const cookie = sessionOf(res);
    const me = () => t.app.inject({ url: '/v1/me', headers: cookie });
    expect((await me()).json().username).toBe(t.world.provinceOfficer.username);
    // Scoped like a token: the province office's session does not see BANK_X.
    const other = await t.app.inject({
      url: `/v1/institutions/${t.world.other.institution.id}`,
      headers: cookie,
    });
    expect(other.statusCode).toBe(404);

    // Activity keeps it alive; idleness beyond SESSION_IDLE_MINUTES ends it.
    now += (testConfig.sessionIdleMinutes - 1) * 60_000;
    expect((await me()).statusCode).toBe(200);
    now += (testConfig.sessionIdleMinutes + 1) * 60_000;
    expect((await me()).statusCode).toBe(401);

    const again = sessionOf(await login(t.world.provinceOfficer.username));
    const out = await t.app.inject({ method: 'DELETE', url: '/v1/auth/session', headers: again });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await t.app.inject({ url: '/v1/me', headers: again })).statusCode).toBe(401);
  });

  it('ignores a forged or unknown cookie', async () => {
    const res = await t.app.inject({
      url: '/v1/me',
      headers: { cookie: 'gerbang_session=' + 'A'.repeat(43) },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a user ID holding a NUL at the edge (400, unstorable text), on the session and the token route', async () => {
    // The edge rule (src/http/edge.ts) refuses NUL in any request before a route reads it: no lookup, no
    // failed-login count against a stored account whose name is a prefix.
    const session = await login('evil\u0000user');
    expect(session.statusCode).toBe(400);
    expect(session.json().error.details[0].path).toBe('/body/username');
    const token = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: `${t.world.admin.username}\u0000`, password: PASSWORD },
    });
    expect(token.statusCode).toBe(400);
    expect(token.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('lockout', () => {
  it('locks an account after LOCKOUT_THRESHOLD failures, even for the right password, audited; unlocks later', async () => {
    const username = t.world.admin.username;
    for (let i = 0; i < testConfig.lockoutThreshold; i++) {
      expect((await login(username, 'salah-salah-salah')).statusCode).toBe(401);
    }
    const locked = await login(username);
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.message).toMatch(/terkunci/);
    const token = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username, password: PASSWORD },
    });
    expect(token.statusCode).toBe(403);

    const central = sessionOf(await login(t.world.officer.username));
    const audit = await t.app.inject({
      url: `/v1/admin-audit?action=account.locked&entityId=${t.world.admin.id}`,
      headers: central,
    });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      actorId: null,
      entityType: 'account',
      actorIp: '127.0.0.1',
    });

    now += (testConfig.lockoutMinutes + 1) * 60_000;
    expect((await login(username)).statusCode).toBe(201);
  });

  it('counts failures per account and clears them on success', async () => {
    const username = t.world.head.username;
    for (let i = 0; i < testConfig.lockoutThreshold - 1; i++) await login(username, 'salah-salah-salah');
    expect((await login(username)).statusCode).toBe(201);
    for (let i = 0; i < testConfig.lockoutThreshold - 1; i++) await login(username, 'salah-salah-salah');
    expect((await login(username)).statusCode).toBe(201);
  });
});

describe('TOTP second factor', () => {
  it('enrols, confirms with a code, and then needs a code to sign in', async () => {
    const cookie = sessionOf(await login(t.world.auditor.username));
    const early = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/totp/verify',
      headers: cookie,
      payload: { code: '123456' },
    });
    expect([early.statusCode, early.json().error.code]).toEqual([400, 'TOTP_NOT_ENROLLED']);
    const enrol = await t.app.inject({ method: 'POST', url: '/v1/auth/totp', headers: cookie });
    expect(enrol.statusCode).toBe(201);
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/totp/verify',
      headers: cookie,
      payload: { code: '000000' === (await totpCode(secret, clock())) ? '111111' : '000000' },
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'TOTP_CODE_WRONG']);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/totp/verify',
      headers: cookie,
      payload: { code: await totpCode(secret, clock()) },
    });
    expect(ok.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/v1/auth/totp', headers: cookie });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'TOTP_ENROLLED']);

    const noCode = await login(t.world.auditor.username);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.details).toEqual({ totpRequired: true });
    expect(
      (await login(t.world.auditor.username, PASSWORD, await totpCode(secret, clock()))).statusCode,
    ).toBe(201);
    // A code of long ago does not work.
    const stale = await totpCode(secret, new Date(now - 10 * 60_000));
    expect((await login(t.world.auditor.username, PASSWORD, stale)).statusCode).toBe(401);
  });

  it('when the deployment requires it, an officer without a second factor may only enrol', async () => {
    const app = await buildApp({
      config: { ...testConfig, totpForOfficers: true },
      db: t.db,
      logger: false,
      clock,
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/session',
        payload: { username: t.world.provinceOfficer.username, password: PASSWORD },
      });
      const cookie = sessionOf(res);
      const blocked = await app.inject({ url: '/v1/institutions', headers: cookie });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.message).toMatch(/second factor/);
      expect((await app.inject({ url: '/v1/me', headers: cookie })).statusCode).toBe(200);
      const enrol = await app.inject({ method: 'POST', url: '/v1/auth/totp', headers: cookie });
      const code = await totpCode(enrol.json().secret, clock());
      const verify = await app.inject({
        method: 'POST',
        url: '/v1/auth/totp/verify',
        headers: cookie,
        payload: { code },
      });
      expect(verify.statusCode).toBe(200);
      expect((await app.inject({ url: '/v1/institutions', headers: cookie })).statusCode).toBe(200);
      // Operators are not asked for a second factor.
      const op = await app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username: t.world.operator.username, password: PASSWORD },
      });
      expect(op.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
