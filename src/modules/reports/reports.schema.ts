import { z } from 'zod';
import { uploadInput } from '../documents/documents.upload.ts';
import { EXTENSION_KEYS } from './reports.extensions.ts';

export const semester = z
  .string()
  .regex(/^\d{4}-S[12]$/, 'A semester: YYYY-S1 (January–June) or YYYY-S2 (July–December)')
  .refine((s) => Number(s.slice(0, 4)) >= 2000 && Number(s.slice(0, 4)) <= 2100, 'A year 2000–2100')
  .describe('e.g. 2026-S2 (July–December)');

const count = z.number().int();

export const figuresSchema = z.object({
  institutionId: z.string(),
  semester: z.string(),
  from: z.string().describe('Inclusive WIB days'),
  to: z.string(),
  totals: z.object({ attempts: count, hits: count, refused: count, distinctNiks: count }),
  byMethod: z.array(z.object({ method: z.string(), hits: count, refused: count })),
  byMonth: z.array(
    z.object({ month: z.string(), hits: count, refused: count, verification: count, portal: count }),
  ),
  outcomes: z.array(
    z.object({
      outcome: z.string(),
      class: z.enum(['found', 'not_found', 'record_status', 'refused']),
      count,
    }),
  ),
  operators: z.array(
    z.object({
      accountId: z.string(),
      username: z.string(),
      fullName: z.string(),
      hits: count,
      refused: count,
      activeDays: count,
      peakDay: count,
      dailyQuota: count.nullable(),
      daysQuotaExhausted: count.describe('Days on which this operator was refused for an exhausted quota'),
    }),
  ),
  quota: z.object({
    operators: count,
    peakDay: count,
    daysQuotaExhausted: count,
    averagePerActiveDay: z.number(),
  }),
  misuse: z.object({
    total: count,
    acknowledged: count,
    open: count,
    byReason: z.array(
      z.object({ reason: z.string(), severity: z.string(), action: z.string(), count, acknowledged: count }),
    ),
    alerts: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        reason: z.string(),
        severity: z.string(),
        action: z.string(),
        acknowledgedAt: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }),
  compliance: z.array(
    z.object({ at: z.string(), fromState: z.string(), toState: z.string(), reason: z.string() }),
  ),
  extensions: z
    .array(
      z.object({
        key: z.enum(EXTENSION_KEYS),
        status: z.enum(['not_applicable', 'reported']),
        title: z.string(),
        note: z.string(),
        rows: z.array(z.object({ label: z.string(), value: z.string() })),
        met: z.boolean().nullable(),
      }),
    )
    .describe(
      'Return data, card readers and SAM, purposes, disputes: not_applicable until those modules exist',
    ),
});

const text = z.string().trim().max(4000);
export const narrativeSchema = z.object({
  servicesSupported: text.optional().describe('Services the data supported (layanan yang didukung)'),
  problems: text.optional().describe('Problems met (kendala)'),
  plans: text.optional().describe('Plans (rencana tindak lanjut)'),
});

export const reportSummary = z.object({
  id: z.string(),
  institutionId: z.string(),
  officeId: z.string(),
  semester: z.string(),
  status: z.enum(['draft', 'submitted']),
  kind: z.enum(['recorded', 'generated', 'manual']),
  generatedAt: z.string().nullable(),
  narrative: narrativeSchema,
  letterNumber: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  signedBy: z.string().nullable(),
  documentId: z.string().nullable(),
  /** The deadline: 10 working days after the semester's end (public holidays skipped). */
  due: z.string().optional(),
});
export const reportSchema = reportSummary.extend({ figures: figuresSchema.nullable() });

/** One semester of an institution's overview, newest first. */
export const semesterOverviewRowView = z.object({
  semester: z.string(),
  from: z.string(),
  to: z.string(),
  due: z.string().describe("10 working days after the semester's last day, public holidays skipped"),
  state: z
    .enum(['in_progress', 'open', 'overdue', 'submitted'])
    .describe(
      'in_progress: the semester has not ended (a draft may be looked at, not submitted); open: ended, the ' +
        'report not yet submitted, the deadline not passed; overdue: the deadline passed without a ' +
        'submission; submitted: a submitted report (generated, manual, or the older bare record)',
    ),
  report: z
    .object({
      id: z.string(),
      status: z.enum(['draft', 'submitted']),
      kind: z.string(),
      submittedAt: z.string().nullable(),
    })
    .nullable(),
});

export const generateInput = z.object({ institutionId: z.string().max(64), semester });
export const manualInput = z.object({
  institutionId: z.string().max(64),
  semester,
  document: uploadInput.describe('The signed manual report: a PDF, at most 2 MiB'),
});
