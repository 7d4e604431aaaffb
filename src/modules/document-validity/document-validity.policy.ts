import { REGISTRY_READERS } from '../../core/actor.ts';

/** Who reads and who sets when the SPTJM and NDAs must be signed again: the registry reads, the centre sets. */
export const documentValidityPolicy = {
  read: REGISTRY_READERS,
  set: ['central_officer'],
} as const;
