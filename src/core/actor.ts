import type { Account, Role } from '../modules/accounts/accounts.repo.ts';

/**
 * What an actor may see: `officeIds` limits to institutions (and offices) in those offices' area,
 * `institutionId` to one institution. An empty scope sees everything (the central office, the CLI, jobs).
 */
export interface Scope {
  officeIds?: string[] | undefined;
  institutionId?: string | undefined;
}

/**
 * The scope of a read that is not the actor's own: the server's jobs and the CLI, or a record loaded after the
 * actor's scope was checked on the record that names it (a report's institution, a SAM's). Written out at each
 * such call, so a read that forgets its scope does not compile instead of seeing everything.
 */
export const UNSCOPED: Scope = Object.freeze({});

/** Who is acting: the account (null for the server's operator at the CLI, or a job), where from, and its scope. */
export interface Actor {
  account: Account | null;
  ip: string | null;
  requestId: string | null;
  scope: Scope;
}

/** The operator of the server, acting through the CLI: unlimited, recorded as such in the admin audit. */
export const SERVER_ACTOR: Actor = Object.freeze({ account: null, ip: null, requestId: null, scope: {} });

export const INSTITUTION_ROLES: readonly Role[] = ['operator', 'institution_head', 'institution_admin'];
export const OFFICER_ROLES: readonly Role[] = ['central_officer', 'office_officer'];
/** Roles that read the registry's side: officers and auditors. */
export const REGISTRY_READERS: readonly Role[] = ['central_officer', 'office_officer', 'auditor'];
/** Registry readers and the people who answer for an institution (its head and admin), scoped to it. */
export const SCOPED_READERS: readonly Role[] = [...REGISTRY_READERS, 'institution_head', 'institution_admin'];

export const roleOf = (actor: Actor): Role | null => actor.account?.role ?? null;

/** Whether something managed by `officeId` and (optionally) belonging to `institutionId` is in scope. */
export function inScope(
  scope: Scope,
  target: { officeId: string | null; institutionId?: string | null },
): boolean {
  if (scope.officeIds && (!target.officeId || !scope.officeIds.includes(target.officeId))) return false;
  if (scope.institutionId && target.institutionId !== scope.institutionId) return false;
  return true;
}

/**
 * A list filter's institution: the scope's own institution wins; a different one asked for gives `null`
 * (nothing to list).
 */
export function scopedInstitutionFilter(scope: Scope, asked: string | undefined): string | undefined | null {
  if (!scope.institutionId) return asked;
  if (asked !== undefined && asked !== scope.institutionId) return null;
  return scope.institutionId;
}
