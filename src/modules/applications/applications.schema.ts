import { z } from 'zod';
import {
  ACCESS_METHODS,
  type AccessMethod,
  accessMethod,
  accessMethods,
  elementCode,
  elementCodes,
  elementList,
} from '../agreements/agreements.schema.ts';

const returnDataField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_ ./-]{2,64}$/, '2–64 letters, digits, spaces, _ . / or -');

export const submitApplicationBody = z
  .object({
    institutionId: z.string().max(64).describe('The applying institution (the caller’s own)'),
    purpose: z.string().trim().min(10).max(2000).describe('Tujuan pemanfaatan'),
    elements: elementList.describe('Data elements wanted, from the master list (wire names)'),
    methods: z
      .array(z.enum(ACCESS_METHODS as [AccessMethod, ...AccessMethod[]]))
      .min(1)
      .transform((l) => [...new Set(l)]),
    returnData: z
      .array(returnDataField)
      .min(1)
      .max(30)
      .describe('The return-data fields (data balikan) the institution will send back'),
    periodMonths: z.number().int().min(1).max(120).optional().describe('Default 24 (two years)'),
    periodUntil: z.iso.date().optional().describe('Instead of a number of months: until this date'),
  })
  .refine((a) => !(a.periodMonths !== undefined && a.periodUntil !== undefined), {
    message: 'Give periodMonths or periodUntil, not both',
    path: ['periodUntil'],
  });
export type SubmitApplicationInput = z.input<typeof submitApplicationBody>;

export const forwardBody = z.object({ note: z.string().trim().min(3).max(2000) });
export const rejectBody = z.object({
  reasons: z.array(z.string().trim().min(3).max(1000)).min(1).max(20).describe('Alasan penolakan'),
});

/** The annex of an approval letter (domain.md): user, purpose, elements, methods, return data, period. */
export const annex = z.object({
  user: z.string(),
  purpose: z.string(),
  elements: z.array(z.object({ code: elementCode, label: z.string() })),
  methods: z.array(z.object({ code: accessMethod, label: z.string() })),
  returnData: z.array(z.string()),
  period: z.string(),
});

export const applicationView = z.object({
  id: z.string(),
  institutionId: z.string(),
  officeId: z.string(),
  status: z.enum(['submitted', 'forwarded', 'approved', 'rejected']),
  purpose: z.string(),
  elements: elementCodes,
  methods: accessMethods,
  returnData: z.array(z.string()),
  periodMonths: z.number().nullable(),
  periodUntil: z.string().nullable(),
  applicantId: z.string(),
  submittedAt: z.string(),
  forwardNote: z.string().nullable(),
  forwardedBy: z.string().nullable(),
  forwardedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectionReasons: z.array(z.string()).nullable(),
  letterNumber: z.string().nullable(),
  letterId: z.string().nullable(),
  annex: annex.nullable().describe('On approval: the annex table of the letter'),
});
