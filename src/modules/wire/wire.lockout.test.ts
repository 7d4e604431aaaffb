import { describe, expect, it } from 'vitest';
import { addOperator, addResident, PASSWORD, testConfig, useTestWorld } from '../../test/fixtures.ts';
import { unlockAccount } from '../auth/auth.service.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';

const t = useTestWorld();

describe('lockout on the wire', () => {
  it('counts every wrong wire password (cached or not), locks at LOCKOUT_THRESHOLD, then refuses even the right one', async () => {
    expect(testConfig.lockoutThreshold).toBe(5);
    const operator = await addOperator(t.db, t.world.institution);
    const resident = await addResident(t.db);
    const wire = async (password: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/dukcapil/get_json/${t.world.institution.code}/CALL_NIK`,
        payload: { USER_ID: operator.username, PASSWORD: password, IP_USER: '127.0.0.1', NIK: resident.nik },
      });
      expect(res.statusCode).toBe(200);
      return res.json().content[0] as { RESPONSE_CODE: string; RESPON?: string };
    };
    const failures = async () =>
      (
        await t.db.query<{ n: number }>(`SELECT failed_logins AS n FROM user_accounts WHERE id = $1`, [
          operator.id,
        ])
      ).rows[0]!.n;

    // Four wrong (the same pair again and again: the cache answers, the count still moves), then the right one
    // ends the run of failures.
    for (let i = 0; i < 4; i++) expect((await wire('salah-terus-123')).RESPONSE_CODE).toBe('03');
    expect(await failures()).toBe(4);
    expect((await wire(PASSWORD)).RESPONSE_CODE).toBe('01');
    expect(await failures()).toBe(0);

    // Five wrong in a row lock the user ID, with an admin-audit row.
    for (let i = 0; i < 5; i++) expect((await wire(`salah-${i % 2}-abcdef`)).RESPONSE_CODE).toBe('03');
    const { rows } = await t.db.query<{ after: { lockedUntil: string } }>(
      `SELECT after FROM admin_audit WHERE action = 'account.locked' AND entity_id = $1`,
      [operator.id],
    );
    expect(rows).toHaveLength(1);
    // Locked: the right password is refused on the wire (Login Gagal) and at sign-in.
    expect(await wire(PASSWORD)).toEqual({ RESPON: 'Login Gagal', RESPONSE_CODE: '03' });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: operator.username, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(403);
    const audit = await t.db.query<{ outcome: string }>(
      `SELECT outcome FROM access_audit WHERE account_id = $1 ORDER BY id`,
      [operator.id],
    );
    expect(audit.rows.map((r) => r.outcome)).toEqual([
      ...Array(4).fill('login_failed'),
      'found',
      ...Array(6).fill('login_failed'),
    ]);

    // Lifted (an officer or the CLI): the wire answers again.
    await unlockAccount({ db: t.db, now: new Date() }, SERVER_ACTOR, operator);
    // (Not an HTTP change, so this process's cache lets it through after ACCESS_CACHE_MS.)
    await new Promise((r) => setTimeout(r, testConfig.accessCacheMs + 50));
    expect((await wire(PASSWORD)).RESPONSE_CODE).toBe('01');
  });

  it('counts wrong passwords at sign-in and on the wire together', async () => {
    const operator = await addOperator(t.db, t.world.institution);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username: operator.username, password: 'salah-di-portal-1' },
      });
      expect(res.statusCode).toBe(401);
    }
    for (let i = 0; i < 2; i++) {
      await t.app.inject({
        method: 'POST',
        url: `/dukcapil/get_json/${t.world.institution.code}/CALL_NIK`,
        payload: { USER_ID: operator.username, PASSWORD: 'salah-di-wire-1', IP_USER: '127.0.0.1', NIK: '1' },
      });
    }
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: operator.username, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().error.message).toContain('terkunci');
  });
});
