import { ApiError } from '../../core/errors.ts';
import { OFFICER_ROLES, roleOf, SCOPED_READERS, type Actor } from '../../core/actor.ts';

/** Reading agreements: officers and auditors in their area, an institution's head and admin their own.
 * Recording and changing them: officers in their area. Requesting an extension: the institution's head and
 * admin. */
export const agreementPolicy = {
  read: SCOPED_READERS,
  write: OFFICER_ROLES,
  requestExtension: ['institution_head', 'institution_admin'],
} as const;

/** An amendment that adds elements, methods or purposes needs the central office (or the server's operator). */
export function assertMayWiden(actor: Actor): void {
  if (roleOf(actor) !== 'central_officer' && actor.account !== null) {
    throw ApiError.of('FORBIDDEN', 'New elements or methods need the central office');
  }
}
