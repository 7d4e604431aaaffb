import { z } from 'zod';

export const adminAuditRow = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable().describe('null: the server operator (CLI) or the system (jobs)'),
  actorUsername: z.string().nullable(),
  actorIp: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  officeId: z.string().nullable(),
  institutionId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const adminAuditQuery = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  institutionId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
