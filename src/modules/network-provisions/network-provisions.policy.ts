import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/** Officers (in their area) record and edit; the institution's people and auditors read. */
export const networkProvisionPolicy = { read: SCOPED_READERS, write: OFFICER_ROLES } as const;
