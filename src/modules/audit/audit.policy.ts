import { SCOPED_READERS } from '../../core/actor.ts';

/**
 * The access audit: officers and auditors read it in their area, an institution's head and admin their own
 * institution's (search, export, statistics). Any signed-in account reads its own attempts of the day
 * (`/v1/audit/mine`).
 */
export const auditPolicy = {
  read: SCOPED_READERS,
} as const;
