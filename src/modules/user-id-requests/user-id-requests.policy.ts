import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * User-ID requests: the institution admin submits them for its own institution (it creates and deactivates
 * its operators); officers may for institutions in their area. Officers and auditors read them in their area,
 * the institution's head and admin their own.
 */
export const userIdRequestPolicy = {
  read: SCOPED_READERS,
  submit: [...OFFICER_ROLES, 'institution_admin'],
} as const;
