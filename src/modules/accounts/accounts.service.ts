import type { Db } from '../../db/db.ts';
import { ApiError } from '../../http/errors.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { getAccount, insertAccount, updateAccount, type Account, type Role } from './accounts.repo.ts';
import {
  createAccountBody,
  updateAccountBody,
  type CreateAccountInput,
  type UpdateAccountInput,
} from './accounts.schema.ts';

/**
 * Issues a user account. `actor` is the officer acting (undefined: the operator of the server, via the CLI).
 * Office officers issue operator IDs for the institutions they oversee; only the central office issues
 * officer accounts.
 */
export async function createAccount(
  db: Db,
  input: CreateAccountInput,
  actor?: { role: Role; scope: string[] | undefined },
): Promise<Account> {
  const a = createAccountBody.parse(input);
  if (a.role !== 'operator' && actor && actor.role !== 'central_officer') {
    throw ApiError.of('FORBIDDEN', 'Only the central office issues officer accounts');
  }
  if (a.role === 'operator') await loadInstitution(db, a.institutionId!, actor?.scope);
  if (a.role === 'office_officer' && !(await getOffice(db, a.officeId!))) {
    throw ApiError.of('VALIDATION_FAILED', 'Office not found');
  }
  return insertAccount(db, {
    ...a,
    institutionId: a.role === 'operator' ? a.institutionId! : null,
    officeId: a.role === 'office_officer' ? a.officeId! : null,
  });
}

export async function loadAccount(db: Db, id: string, scope?: string[]): Promise<Account> {
  const account = await getAccount(db, id);
  if (!account) throw ApiError.of('NOT_FOUND', 'Account not found');
  if (scope) {
    const officeId = account.institutionId
      ? (await loadInstitution(db, account.institutionId).catch(() => null))?.officeId
      : account.officeId;
    if (!officeId || !scope.includes(officeId)) throw ApiError.of('NOT_FOUND', 'Account not found');
  }
  return account;
}

export async function changeAccount(
  db: Db,
  id: string,
  input: UpdateAccountInput,
  actor?: { role: Role; scope: string[] | undefined },
): Promise<Account> {
  const target = await loadAccount(db, id, actor?.scope);
  // As with issuing them, only the central office changes officer accounts (a password reset is a takeover).
  if (target.role !== 'operator' && actor && actor.role !== 'central_officer') {
    throw ApiError.of('FORBIDDEN', 'Only the central office changes officer accounts');
  }
  return (await updateAccount(db, id, updateAccountBody.parse(input)))!;
}
