import { z } from 'zod';

/**
 * The typed return-data schema of an agreement: the fields the institution sends back about each resident it
 * accessed, the obligation's period and the share of accessed NIKs that must be covered. Every record also
 * carries NIK and PERIODE (the natural key with the agreement), which are not listed among the fields.
 */
export const FIELD_TYPES = ['text', 'integer', 'decimal', 'date', 'boolean', 'code', 'id16'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The two columns every record has, before the agreement's own fields. */
export const KEY_COLUMNS = ['NIK', 'PERIODE'] as const;

export const returnDataField = z
  .object({
    key: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'upper case, digits and underscores (wire style), 2–64 characters')
      .refine((k) => !(KEY_COLUMNS as readonly string[]).includes(k), 'NIK and PERIODE are always present')
      .describe('The column name, wire style (e.g. JENIS_BANTUAN)'),
    label: z.string().trim().min(2).max(120).describe('Indonesian label shown to the institution'),
    type: z.enum(FIELD_TYPES).describe('text, integer, decimal, date, boolean, code (a code list), id16'),
    required: z.boolean(),
    description: z.string().trim().max(500).optional().describe('Explanation in Indonesian'),
    maxLength: z.number().int().min(1).max(4000).optional().describe('text: the longest value'),
    min: z.number().optional().describe('integer, decimal: the smallest value'),
    max: z.number().optional().describe('integer, decimal: the largest value'),
    values: z
      .array(z.string().trim().min(1).max(64))
      .min(1)
      .max(200)
      .optional()
      .describe('code: the allowed values'),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'code' && !f.values) ctx.addIssue({ code: 'custom', message: 'a code list needs values' });
    if (f.type !== 'code' && f.values)
      ctx.addIssue({ code: 'custom', message: 'values belong to a code list' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      ctx.addIssue({ code: 'custom', message: 'min is above max' });
  });
export type ReturnDataField = z.infer<typeof returnDataField>;

export const PERIOD_KINDS = ['monthly', 'semester', 'within_days'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const returnDataSchemaInput = z
  .object({
    fields: z
      .array(returnDataField)
      .min(1)
      .max(40)
      .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, 'field keys must be unique'),
    period: z.enum(PERIOD_KINDS).describe('monthly, semester, or within N days of an access'),
    periodDays: z.number().int().min(1).max(365).optional().describe('within_days: N'),
    coverageShare: z
      .number()
      .gt(0)
      .max(1)
      .describe('The share of accessed (found) NIKs that must have return data, 0 < share ≤ 1'),
    preset: z.string().max(64).optional(),
    reason: z.string().trim().min(3).max(500).default('Skema data balikan ditetapkan'),
  })
  .refine((s) => (s.period === 'within_days') === (s.periodDays !== undefined), {
    message: 'periodDays is given exactly when the period is within_days',
    path: ['periodDays'],
  });
export type ReturnDataSchemaInput = z.input<typeof returnDataSchemaInput>;

/** A preset's schema as GET /v1/return-data/presets answers it: a body for POST …/return-data-schema. */
export const returnDataPresetSchema = z.object({
  fields: z.array(returnDataField),
  period: z.enum(PERIOD_KINDS),
  periodDays: z.number().int().optional(),
  coverageShare: z.number(),
});

/** A return-data schema as the repository reads it and the API answers it (the zod view is the one source). */
export type ReturnDataSchema = z.output<typeof returnDataSchemaView>;

export const returnDataSchemaView = z.object({
  id: z.string(),
  agreementId: z.string(),
  version: z.number().int(),
  agreementVersionId: z.string().nullable().describe('The version of the agreement terms it belongs to'),
  preset: z.string().nullable(),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(FIELD_TYPES),
      required: z.boolean(),
      description: z.string().optional(),
      maxLength: z.number().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      values: z.array(z.string()).optional(),
    }),
  ),
  period: z.enum(PERIOD_KINDS),
  periodDays: z.number().int().nullable(),
  coverageShare: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  reason: z.string(),
});

/** The Indonesian words for a period kind, for templates and messages. */
export function periodText(s: Pick<ReturnDataSchema, 'period' | 'periodDays'>): string {
  if (s.period === 'monthly') return 'per bulan (PERIODE = TTTT-BB, mis. 2026-03)';
  if (s.period === 'semester') return 'per semester (PERIODE = TTTT-S1 atau TTTT-S2)';
  return `paling lambat ${s.periodDays} hari setelah akses (PERIODE = bulan akses, TTTT-BB)`;
}

/** An upload as the API answers it: the row and its first rejects. */
export const uploadView = z.object({
  id: z.string(),
  agreementId: z.string(),
  institutionId: z.string(),
  schemaId: z.string(),
  channel: z.enum(['upload', 'cli']),
  filename: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(['processing', 'done', 'failed']),
  failure: z.string().nullable().describe('Why the file could not be read to its end (Indonesian)'),
  rowsRead: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  warnings: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rejects: z
    .array(z.object({ line: z.number().int(), column: z.string(), reason: z.string() }))
    .describe('The first 100 rejects; the whole list in rejects.csv / rejects.xlsx'),
});

/** An agreement's return-data coverage per period. */
export const coverageView = z.object({
  agreementId: z.string(),
  institutionId: z.string(),
  coverageShare: z.number(),
  period: z.enum(PERIOD_KINDS),
  periodDays: z.number().nullable(),
  periods: z.array(
    z.object({
      period: z.string(),
      accessed: z.number().int().describe('NIKs accessed (found) under the agreement in the period'),
      covered: z.number().int().describe('Of those, NIKs with return data for the period'),
      share: z.number(),
      deadline: z.string(),
      overdue: z.boolean().describe("The deadline has passed and coverage is below the agreement's share"),
    }),
  ),
  overduePeriods: z.array(z.string()),
});
