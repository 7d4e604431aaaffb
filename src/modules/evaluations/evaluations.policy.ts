import { OFFICER_ROLES, SCOPED_READERS, REGISTRY_READERS } from '../../core/actor.ts';

/**
 * Evaluations: officers of the managing office (or the centre) record them; readers see them in scope (the
 * institution's head and admin their own); the institution or its office reports a recommendation followed
 * up; the roll-up is the registry's (an office sees its area, the centre everything).
 */
export const evaluationPolicy = {
  read: SCOPED_READERS,
  record: OFFICER_ROLES,
  followUp: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  rollup: REGISTRY_READERS,
} as const;
