import { REGISTRY_READERS } from '../../core/actor.ts';

/** Region codes and their lineage are the registry's own reference: its officers and auditors read them. */
export const regionPolicy = {
  read: REGISTRY_READERS,
} as const;
