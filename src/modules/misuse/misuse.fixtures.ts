import { HIT_OUTCOMES } from '../access/outcomes.ts';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { addOperator, agreementFor, PASSWORD, tokenFor, type World } from '../../test/fixtures.ts';
import type { Account } from '../accounts/accounts.repo.ts';
import { insertAgreement, type NewAgreement } from '../agreements/agreements.repo.ts';
import { insertInstitution, type Institution } from '../institutions/institutions.repo.ts';
import type { MisuseAlert } from './misuse.repo.ts';

let n = 0;

export interface Caller {
  institution: Institution;
  operator: Account;
  token: string;
}

/**
 * A fresh institution under the province office, with an agreement (by default: both methods, any hour,
 * misuse action `alert`) and one unlimited operator: each test gets windows of its own.
 */
export async function addCaller(
  db: Db,
  app: FastifyInstance,
  world: World,
  agreement: Partial<NewAgreement> = {},
): Promise<Caller> {
  n += 1;
  const institution = await insertInstitution(db, {
    code: `MISUSE_${n}`,
    name: `Instansi Uji Penyalahgunaan ${n}`,
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  await insertAgreement(db, agreementFor(institution, { registryNumber: `PKS/MISUSE/${n}`, ...agreement }));
  const operator = await addOperator(db, institution, { dailyQuota: null });
  return { institution, operator, token: await tokenFor(app, operator.username) };
}

export function v1Lookup(app: FastifyInstance, c: Caller, nik: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${c.token}`, ...headers },
    payload: { nik },
  });
}

export async function wireLookup(app: FastifyInstance, c: Caller, extra: Record<string, unknown>) {
  const res = await app.inject({
    method: 'POST',
    url: `/dukcapil/get_json/${c.institution.code}/CALL_NIK`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ USER_ID: c.operator.username, PASSWORD, IP_USER: '127.0.0.1', ...extra }),
  });
  return (res.json() as { content: Record<string, string>[] }).content[0]!;
}

export async function alertsOf(db: Db, accountId: string): Promise<MisuseAlert[]> {
  const { rows } = await db.query<MisuseAlert>(
    `SELECT id, reason, severity, action, evidence, institution_id AS "institutionId", account_id AS "accountId"
       FROM misuse_alerts WHERE account_id = $1 ORDER BY seq`,
    [accountId],
  );
  return rows;
}

export async function auditOutcomes(db: Db, accountId: string): Promise<string[]> {
  const { rows } = await db.query<{ outcome: string }>(
    'SELECT outcome FROM access_audit WHERE account_id = $1 ORDER BY id',
    [accountId],
  );
  return rows.map((r) => r.outcome);
}

/**
 * Hits the account took: its audited attempts whose outcome is answered about a NIK (what takes a hit).
 * Counted from the audit, not quota_usage, which also holds leased hits not yet served (quota.ts).
 */
export async function hitsOf(db: Db, accountId: string): Promise<number> {
  const { rows } = await db.query<{ used: number }>(
    'SELECT count(*)::int AS used FROM access_audit WHERE account_id = $1 AND outcome = ANY($2)',
    [accountId, HIT_OUTCOMES],
  );
  return rows[0]!.used;
}
