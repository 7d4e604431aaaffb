import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Card readers and SAM cards: the institution's head and admin register work units and readers, request SAMs
 * and upload the returned configuration (officers of its area may do it for them); the registry's officers
 * export the SIFILMA request, record its answer, personalise, activate and deactivate SAMs and confirm a
 * returned configuration. Officers, auditors, the head and the admin read, each in their scope.
 */
export const cardReaderPolicy = {
  read: SCOPED_READERS,
  register: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  registry: OFFICER_ROLES,
} as const;
