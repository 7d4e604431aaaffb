import type { ServiceContext } from '../../core/service-context.ts';
import type { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { updateAccount } from '../accounts/accounts.repo.ts';
import { loadAccount } from '../accounts/accounts.service.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  decideQuotaRequest,
  getQuotaRequest,
  insertQuotaRequest,
  listQuotaRequests,
  usageOf,
  type QuotaRequest,
} from './quota-requests.repo.ts';
import type { quotaRequestView } from './quota-requests.schema.ts';

/** A quota request as the API answers it: the row and the account's hits so far (the zod view). */
export type QuotaRequestWithUsage = z.output<typeof quotaRequestView>;

const withUsage = async (db: Db, r: QuotaRequest, now: Date): Promise<QuotaRequestWithUsage> => ({
  ...r,
  usage: await usageOf(db, r.accountId, wibDay(now)),
});

/** A quota increase for an operator, requested with a justification (by its institution or an officer). */
export async function requestQuotaIncrease(
  ctx: ServiceContext,
  actor: Actor,
  { accountId, ...input }: { accountId: string } & { requestedQuota: number | null; justification: string },
): Promise<QuotaRequestWithUsage> {
  const { db, now } = ctx;
  const account = await loadAccount(db, accountId, actor.scope);
  if (account.role !== 'operator') throw ApiError.of('NOT_AN_OPERATOR_ACCOUNT', 'Quotas are per operator');
  const current = account.dailyQuota;
  const isIncrease = current !== null && (input.requestedQuota === null || input.requestedQuota > current);
  if (!isIncrease) throw ApiError.of('QUOTA_NOT_AN_INCREASE');
  const inst = await loadInstitution(db, account.institutionId!, UNSCOPED);
  return db.transaction(async (tx) => {
    const row = await insertQuotaRequest(tx, {
      accountId,
      institutionId: inst.id,
      currentQuota: current,
      requestedQuota: input.requestedQuota,
      justification: input.justification,
      requestedBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'quota_request.submit',
      entityType: 'quota_request',
      entityId: row.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: row,
    });
    return withUsage(tx, row, now);
  });
}

export async function findQuotaRequests(db: Db, scope: Scope, now: Date): Promise<QuotaRequestWithUsage[]> {
  const rows = await listQuotaRequests(db, {
    officeIds: scope.officeIds,
    institutionId: scope.institutionId,
  });
  return Promise.all(rows.map((r) => withUsage(db, r, now)));
}

/** The central office grants (the operator's quota becomes the requested one) or refuses, with a note. */
export async function decideQuotaIncrease(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { grant: boolean; note: string },
): Promise<QuotaRequestWithUsage> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    const req = await getQuotaRequest(tx, id, true);
    const inst = req ? await loadInstitution(tx, req.institutionId, UNSCOPED) : null;
    if (!req || !inst || !inScope(actor.scope, { officeId: inst.officeId, institutionId: inst.id })) {
      throw ApiError.of('NOT_FOUND', 'Quota request not found');
    }
    if (req.status !== 'requested')
      throw ApiError.of('QUOTA_REQUEST_DECIDED', `The request is ${req.status}`);
    const after = await decideQuotaRequest(tx, id, {
      status: input.grant ? 'granted' : 'refused',
      by: actor.account?.id ?? null,
      now,
      note: input.note,
    });
    if (input.grant) await updateAccount(tx, req.accountId, { dailyQuota: req.requestedQuota });
    await recordAdminChange({ db: tx, now }, actor, {
      action: input.grant ? 'quota_request.grant' : 'quota_request.refuse',
      entityType: 'quota_request',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before: { status: req.status, dailyQuota: req.currentQuota },
      after: { status: after.status, dailyQuota: input.grant ? req.requestedQuota : req.currentQuota },
    });
    return withUsage(tx, after, now);
  });
}
