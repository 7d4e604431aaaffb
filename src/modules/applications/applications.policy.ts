import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Applications: an institution's head or admin applies for its institution; the managing office (an officer
 * whose area holds the institution) forwards it; only the central office decides. Officers and auditors read
 * them in their area; the institution's head and admin read their own.
 */
export const applicationPolicy = {
  read: SCOPED_READERS,
  apply: ['institution_head', 'institution_admin'],
  forward: OFFICER_ROLES,
  decide: ['central_officer'],
} as const;
