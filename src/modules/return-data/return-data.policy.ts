import type { Role } from '../accounts/accounts.repo.ts';
import { INSTITUTION_ROLES, OFFICER_ROLES, REGISTRY_READERS, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Return data: the registry's officers set an agreement's schema; the institution's people (operators, admin,
 * head) send data, from the institution's allowed networks; every reader sees what is in scope. Officers and
 * auditors read the records about a resident.
 */
export const returnDataPolicy = {
  readSchema: [...REGISTRY_READERS, ...INSTITUTION_ROLES] as Role[],
  setSchema: OFFICER_ROLES,
  submit: INSTITUTION_ROLES,
  readResults: [...REGISTRY_READERS, ...INSTITUTION_ROLES] as Role[],
  readRecords: SCOPED_READERS,
} as const;
