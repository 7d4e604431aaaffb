import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/** Compliance: readers see it in scope; the institution's people and officers record reports and
 * certificates; only officers reinstate. */
export const compliancePolicy = {
  read: SCOPED_READERS,
  record: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  reinstate: OFFICER_ROLES,
} as const;
