import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/** Quota increases: requested by the institution's head or admin (or an officer), decided by the central office. */
export const quotaRequestPolicy = {
  read: SCOPED_READERS,
  request: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  decide: ['central_officer'],
} as const;
