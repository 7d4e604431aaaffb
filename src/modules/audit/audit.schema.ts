import { z } from 'zod';
import { OUTCOME_NAMES, type Outcome } from '../access/outcomes.ts';
import { accessMethod } from '../agreements/agreements.schema.ts';

export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  requestId: z.string(),
  protocol: z.string(),
  method: accessMethod,
  institutionId: z.string().nullable(),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
  nik: z.string().nullable(),
  elementsRequested: z.array(z.string()),
  elementsReturned: z.array(z.string()),
  outcome: z.string(),
  callerIp: z.string(),
  agreementVersionId: z.string().nullable().describe('The agreement version the attempt was judged against'),
  purpose: z.string().nullable().describe('The purpose stated, or the agreement default (purposeDefaulted)'),
  purposeDefaulted: z.boolean().describe("The client stated no purpose: the agreement's default was used"),
});

export const auditQuery = z.object({
  institutionId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  nik: z
    .string()
    .regex(/^\d{16}$/)
    .optional(),
  outcome: z.enum(OUTCOME_NAMES as [Outcome, ...Outcome[]]).optional(),
  protocol: z.enum(['v1', 'wire']).optional(),
  method: accessMethod.optional(),
  purpose: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,31}$/)
    .optional()
    .describe('Only rows of this purpose code'),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive, ISO 8601'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive, ISO 8601'),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const exportQuery = auditQuery.omit({ limit: true });
