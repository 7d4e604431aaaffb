import { ApiError } from '../../core/errors.ts';
import { OFFICER_ROLES, roleOf, SCOPED_READERS, type Actor } from '../../core/actor.ts';

/** Who records what at the gates: the institution's people their own, officers in their area; PoC: officers. */
export const gatePolicy = {
  read: SCOPED_READERS,
  record: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  manageOperators: [...OFFICER_ROLES, 'institution_admin'],
  poc: OFFICER_ROLES,
} as const;

/** The institution's head records at the gates, but its operators are the admin's (beside the route's guard). */
export function assertMayManageOperators(actor: Actor): void {
  if (roleOf(actor) === 'institution_head')
    throw ApiError.of('FORBIDDEN', 'The institution admin manages operators');
}
