import type { Role } from '../accounts/accounts.repo.ts';
import { INSTITUTION_ROLES, OFFICER_ROLES, REGISTRY_READERS } from '../../core/actor.ts';

/**
 * Data-quality tickets: the institution's people open them (an operator from a verification result, the head
 * or admin from a return-data row) and follow their state; the registry's officers of the owning office, and of
 * the offices above it, handle them; auditors read them.
 */
export const dataQualityTicketPolicy = {
  open: INSTITUTION_ROLES,
  read: [...REGISTRY_READERS, ...INSTITUTION_ROLES] as Role[],
  handle: OFFICER_ROLES,
} as const;
