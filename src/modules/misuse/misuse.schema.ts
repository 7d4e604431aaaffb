import { z } from 'zod';
import { MISUSE_REASONS, SEVERITIES, type MisuseReason } from './misuse.detector.ts';

export type MisuseAction = 'alert' | 'throttle' | 'suspend';
export const MISUSE_ACTIONS: readonly MisuseAction[] = ['alert', 'throttle', 'suspend'];

export const alertView = z.object({
  id: z.string(),
  institutionId: z.string(),
  accountId: z.string(),
  agreementId: z.string().nullable(),
  reason: z.enum(MISUSE_REASONS as [MisuseReason, ...MisuseReason[]]),
  severity: z.enum(SEVERITIES as ['low', 'medium', 'high']),
  action: z
    .enum(MISUSE_ACTIONS as [MisuseAction, ...MisuseAction[]])
    .describe('What the agreement made of it: recorded only, throttled or suspended the account'),
  evidence: z
    .object({
      scope: z.enum(['account', 'institution']),
      count: z.number(),
      threshold: z.number(),
      windowSeconds: z.number(),
      events: z.array(z.object({ nik: z.string(), at: z.string(), accountId: z.string() })),
    })
    .describe('The NIKs and times involved (never other population data)'),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const alertQuery = z.object({
  institutionId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  reason: z.enum(MISUSE_REASONS as [MisuseReason, ...MisuseReason[]]).optional(),
  status: z.enum(['open', 'acknowledged']).optional().describe('Default: both'),
  before: z.coerce.number().int().positive().optional().describe('Cursor: nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const acknowledgeBody = z.object({
  note: z.string().trim().max(1000).optional(),
  reinstate: z
    .boolean()
    .default(false)
    .describe('Re-enable the account if misuse suspended it (and lift a throttle)'),
});
export type AcknowledgeInput = z.input<typeof acknowledgeBody>;

export const acknowledgedView = alertView.extend({
  reinstated: z.boolean().describe('Whether a suspended account was re-enabled'),
});
