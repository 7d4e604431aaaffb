import { z } from 'zod';

export const policyView = z.object({
  resignYearly: z.boolean().describe('SPTJM and NDAs are signed again every year from their signing'),
  graceDays: z.number().describe('Days after the event before a stale document is a breach'),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const policyBody = z
  .object({
    resignYearly: z.boolean().optional(),
    graceDays: z.number().int().min(0).max(365).optional(),
  })
  .refine((b) => b.resignYearly !== undefined || b.graceDays !== undefined, 'Nothing to change');
