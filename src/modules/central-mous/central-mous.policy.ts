import { OFFICER_ROLES, REGISTRY_READERS, SCOPED_READERS } from '../../core/actor.ts';

/**
 * The MoU rule: the central office keeps the register of central MoUs; officers (of the centre, or of the
 * institution's managing office) set an institution's vertical parent; the registry reads the register, and an
 * institution's head and admin read their own parent.
 */
export const centralMouPolicy = {
  read: REGISTRY_READERS,
  register: ['central_officer'],
  setParent: OFFICER_ROLES,
  readParent: SCOPED_READERS,
} as const;
