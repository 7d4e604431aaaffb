import { OFFICER_ROLES, REGISTRY_READERS } from '../../core/actor.ts';

/**
 * Officers and auditors read misuse alerts, scoped like the audit (an office's people see its area's
 * institutions); officers acknowledge them.
 */
export const misusePolicy = {
  read: REGISTRY_READERS,
  acknowledge: OFFICER_ROLES,
} as const;
