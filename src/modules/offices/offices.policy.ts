import { REGISTRY_READERS } from '../../core/actor.ts';

/** Offices are the registry's own reference: its officers and auditors read them; only the central office adds one. */
export const officePolicy = {
  read: REGISTRY_READERS,
  create: ['central_officer'],
} as const;
