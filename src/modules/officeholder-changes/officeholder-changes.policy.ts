import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Changes of officeholder or organisation: the institution's head and admin file the notice (their own
 * institution); the managing office's officers (and the centre's) confirm or reject it in their area; officers,
 * auditors, the head and the admin read, each in their scope.
 */
export const officeholderChangePolicy = {
  read: SCOPED_READERS,
  file: ['institution_head', 'institution_admin'],
  decide: OFFICER_ROLES,
} as const;
