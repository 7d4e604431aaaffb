import { z } from 'zod';

export const quotaRequestView = z.object({
  id: z.string(),
  accountId: z.string(),
  institutionId: z.string(),
  currentQuota: z.number().nullable(),
  requestedQuota: z.number().nullable(),
  justification: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(['requested', 'granted', 'refused']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  usage: z.object({ today: z.number(), last30Days: z.number() }).describe('Hits so far (WIB days)'),
});

export const idParams = z.object({ id: z.string().max(64) });
