import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Who may do what with institutions. Reading: officers and auditors in their area, an institution's head and
 * admin their own. Registering and changing: officers in their area.
 */
export const institutionPolicy = {
  read: SCOPED_READERS,
  write: OFFICER_ROLES,
} as const;
