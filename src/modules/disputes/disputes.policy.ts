import type { Role } from '../accounts/accounts.repo.ts';
import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Disputes (issue #15). The resident opens and reads their own through the resident session (not an account:
 * disputes.resident.routes.ts). Of the accounts: registry readers see the disputes in their area and the
 * institution's head and admin those of their own institution (the scope does the rest); the head and admin
 * answer for the institution; the managing office's officers (and the central office) decide and close a
 * misuse finding. Operators never see disputes: one may be the person a dispute is about.
 */
export const disputePolicy = {
  read: SCOPED_READERS,
  answer: ['institution_head', 'institution_admin'] as readonly Role[],
  decide: OFFICER_ROLES,
} as const;
