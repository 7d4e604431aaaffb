import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope } from '../../core/actor.ts';
import { accountOfficeId } from '../auth/auth.service.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { assertMayChange, assertMayIssue, issuedQuota } from './accounts.policy.ts';
import { getAccount, insertAccount, updateAccount, type Account } from './accounts.repo.ts';
import {
  createAccountBody,
  updateAccountBody,
  type CreateAccountInput,
  type UpdateAccountInput,
} from './accounts.schema.ts';

/** Issues a user account; `actor` must be allowed to (accounts.policy). */
export async function createAccount(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateAccountInput,
): Promise<Account> {
  const { db, now } = ctx;
  const a = createAccountBody.parse(input);
  let officeId: string | null = null;
  // Scope first: an institution outside it is not found, whatever else is wrong with the request.
  if (a.institutionId !== undefined) {
    officeId = (await loadInstitution(db, a.institutionId, actor.scope)).officeId;
  }
  assertMayIssue(actor, a.role, a.dailyQuota !== undefined);
  if (a.institutionId === undefined && a.officeId !== undefined) {
    if (!(await getOffice(db, a.officeId))) throw ApiError.of('OFFICE_UNKNOWN');
    officeId = a.officeId;
  }
  if (a.role === 'office_officer' && a.officeId === undefined) {
    throw ApiError.of('VALIDATION_FAILED', 'An office officer belongs to an office');
  }
  const dailyQuota = issuedQuota(actor, a.dailyQuota ?? null);
  return db.transaction(async (tx) => {
    const created = await insertAccount(tx, {
      ...a,
      dailyQuota,
      institutionId: a.institutionId ?? null,
      officeId: a.officeId ?? null,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.create',
      entityType: 'account',
      entityId: created.id,
      officeId,
      institutionId: created.institutionId,
      after: created,
    });
    return created;
  });
}

export async function loadAccount(db: Db, id: string, scope: Scope): Promise<Account> {
  const account = await getAccount(db, id);
  if (!account) throw ApiError.of('NOT_FOUND', 'Account not found');
  if (scope.officeIds || scope.institutionId) {
    const officeId = await accountOfficeId(db, account);
    if (!inScope(scope, { officeId, institutionId: account.institutionId })) {
      throw ApiError.of('NOT_FOUND', 'Account not found');
    }
  }
  return account;
}

export async function changeAccount(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & UpdateAccountInput,
): Promise<Account> {
  const { db, now } = ctx;
  const patch = updateAccountBody.parse(input);
  const target = await loadAccount(db, id, actor.scope);
  assertMayChange(actor, target, patch);
  return db.transaction(async (tx) => {
    const after = (await updateAccount(tx, id, patch))!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: patch.password !== undefined ? 'account.update_password' : 'account.update',
      entityType: 'account',
      entityId: id,
      officeId: await accountOfficeId(tx, after),
      institutionId: after.institutionId,
      before: target,
      after,
    });
    return after;
  });
}
