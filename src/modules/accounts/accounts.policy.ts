import { ApiError } from '../../core/errors.ts';
import { OFFICER_ROLES, SCOPED_READERS, roleOf, type Actor } from '../../core/actor.ts';
import type { Account, Role } from './accounts.repo.ts';

/**
 * Who may do what with user accounts.
 * - Read: officers and auditors in their area; an institution's head and admin the accounts of their own.
 * - Registry accounts (officers, auditors): only the central office issues or changes them (a password reset
 *   is a takeover).
 * - An institution's people: officers in their area issue and change them; the institution's admin issues,
 *   renames, resets and (de)activates its own operators, but never sets a quota (the registry does).
 */
export const accountPolicy = {
  read: SCOPED_READERS,
  write: [...OFFICER_ROLES, 'institution_admin'] as readonly Role[],
} as const;

export const REGISTRY_ACCOUNT_ROLES: readonly Role[] = [
  'central_officer',
  'office_officer',
  'auditor',
  'finance_officer',
];

/** The quota of an operator an institution admin issues: the development quota until the registry sets one. */
export const ADMIN_ISSUED_QUOTA = 50;

/** The daily quota of an operator `actor` issues: `requested`, except that an institution admin's get ADMIN_ISSUED_QUOTA. */
export function issuedQuota(actor: Actor, requested: number | null): number | null {
  return roleOf(actor) === 'institution_admin' ? ADMIN_ISSUED_QUOTA : requested;
}

export function assertMayIssue(actor: Actor, role: Role, setsQuota: boolean): void {
  const by = roleOf(actor);
  if (by === null || by === 'central_officer') return;
  if (REGISTRY_ACCOUNT_ROLES.includes(role)) {
    throw ApiError.of('FORBIDDEN', 'Only the central office issues registry accounts');
  }
  if (by === 'institution_admin') {
    if (role !== 'operator') throw ApiError.of('FORBIDDEN', 'An institution admin issues operators only');
    if (setsQuota) throw ApiError.of('FORBIDDEN', 'Quotas are set by the registry office');
  }
}

export function assertMayChange(actor: Actor, target: Account, patch: { dailyQuota?: unknown }): void {
  const by = roleOf(actor);
  if (by === null || by === 'central_officer') return;
  if (REGISTRY_ACCOUNT_ROLES.includes(target.role)) {
    throw ApiError.of('FORBIDDEN', 'Only the central office changes registry accounts');
  }
  if (by === 'institution_admin') {
    if (target.role !== 'operator')
      throw ApiError.of('FORBIDDEN', 'An institution admin changes operators only');
    if (patch.dailyQuota !== undefined)
      throw ApiError.of('FORBIDDEN', 'Quotas are set by the registry office');
  }
}
