import { OFFICER_ROLES, SCOPED_READERS } from '../auth/actor.ts';

/** Reading agreements: officers and auditors in their area, an institution's head and admin their own.
 * Recording and changing them: officers in their area. */
export const agreementPolicy = {
  read: SCOPED_READERS,
  write: OFFICER_ROLES,
} as const;
