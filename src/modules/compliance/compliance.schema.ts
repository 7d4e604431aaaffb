import { z } from 'zod';

export const idParams = z.object({ id: z.string().max(64) });

export const state = z.enum(['in_order', 'warned', 'suspended', 'reinstated']);

export const finding = z.object({
  obligation: z.string(),
  severity: z.enum(['breach', 'notice']),
  message: z.string(),
});

/** One institution on the compliance board (an institution the engine never moved is `in_order`). */
export const boardRow = z.object({
  institutionId: z.string(),
  code: z.string(),
  name: z.string(),
  officeId: z.string(),
  isActive: z.boolean(),
  state,
  since: z.string().nullable(),
  reason: z.string().nullable(),
});

/** One step of an institution's compliance trail. */
export const complianceEvent = z.object({
  id: z.number(),
  institutionId: z.string(),
  at: z.string(),
  fromState: z.string(),
  toState: z.string(),
  reason: z.string(),
  findings: z.unknown(),
  actorId: z.string().nullable(),
});
