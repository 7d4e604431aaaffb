import { REGISTRY_READERS } from '../../core/actor.ts';

/** Reading the admin audit: registry officers and auditors, each in its area (the central office: all). */
export const adminAuditPolicy = { read: REGISTRY_READERS } as const;
