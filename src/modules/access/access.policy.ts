import type { Account, Role } from '../accounts/accounts.repo.ts';

/**
 * Who may access population data on the access path (both protocols, the portal and card readers): an
 * operator of an institution, nobody else — officers, auditors and the institution's head and admin manage,
 * they do not look residents up. A refusal here is the outcome `not_an_operator`, audited like any other.
 */
export const accessPolicy = {
  access: ['operator'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether `account` may access data: an operator that belongs to an institution. */
export function mayAccess(account: Pick<Account, 'role' | 'institutionId'>): boolean {
  return (accessPolicy.access as readonly Role[]).includes(account.role) && account.institutionId !== null;
}
