import { z } from 'zod';

export const idParams = z.object({ id: z.string().max(64) });

export const checklistItem = z.object({
  key: z.enum([
    'report_on_time',
    'quota_use',
    'misuse_alerts',
    'return_data',
    'disputes',
    'iso27001',
    'ndas_complete',
    'sptjm',
  ]),
  label: z.string().describe('Indonesian, as printed'),
  met: z.boolean().nullable().describe('null: not applicable (no such obligation recorded in Gerbang)'),
  detail: z.string(),
});

export const result = z.enum(['baik', 'cukup', 'kurang']);

export const evaluationSchema = z.object({
  id: z.string(),
  institutionId: z.string(),
  officeId: z.string(),
  kind: z.enum(['semester', 'ad_hoc']),
  semester: z.string().nullable(),
  checklist: z.array(checklistItem),
  findings: z.string(),
  result,
  letterNumber: z.string(),
  evaluatedBy: z.string().nullable(),
  evaluatedAt: z.string(),
  recommendations: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      dueOn: z.string(),
      doneAt: z.string().nullable(),
      doneNote: z.string().nullable(),
    }),
  ),
});

export const counts = {
  institutions: z.number().int(),
  reportsSubmitted: z.number().int(),
  evaluated: z.number().int(),
  baik: z.number().int(),
  cukup: z.number().int(),
  kurang: z.number().int(),
  openRecommendations: z.number().int(),
  overdueRecommendations: z.number().int(),
};

/** One office's row of a semester's roll-up: its own counts and the totals of the offices below it too. */
export const rollupRowView = z.object({
  officeId: z.string(),
  officeName: z.string(),
  level: z.string(),
  parentId: z.string().nullable(),
  ...counts,
  total: z.object(counts),
});
export const rollupView = z.object({ semester: z.string(), offices: z.array(rollupRowView) });
