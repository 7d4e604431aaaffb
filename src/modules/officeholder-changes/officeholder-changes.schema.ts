import { z } from 'zod';
import { uploadInput } from '../documents/documents.upload.ts';

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .regex(/^[^\r\n]*$/, 'One line');

/** The notice's own fields, whatever changed: the institution's letter and when the change takes effect. */
const notice = {
  letterNumber: line(120).describe('Number of the institution’s notification letter'),
  effectiveOn: z.iso.date().describe('When the change takes effect, YYYY-MM-DD'),
  documents: z
    .array(uploadInput)
    .min(1)
    .max(3)
    .describe('The letter and supporting documents (decree of appointment, …): 1–3 PDF/PNG/JPEG files'),
};

export const fileChangeBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('officeholder'),
    newHead: z.object({
      name: line(200).describe('Full name of the new head'),
      title: line(200).describe('Position title, e.g. Kepala Dinas'),
      email: z.email().max(254).describe('Where the new head’s account notice goes'),
    }),
    ...notice,
  }),
  z.object({
    kind: z.literal('organisation'),
    newName: line(200).describe('The institution’s new name'),
    ...notice,
  }),
]);
export type FileChangeInput = z.input<typeof fileChangeBody>;

export const decideBody = z.object({
  note: z.string().trim().max(1000).optional(),
});
export const rejectBody = z.object({
  reason: z
    .string()
    .trim()
    .min(5)
    .max(1000)
    .describe('Why the notice is rejected (shown to the institution)'),
});

export const CHANGE_STATUSES = ['filed', 'confirmed', 'rejected'] as const;

export const changeView = z.object({
  id: z.string(),
  institutionId: z.string(),
  kind: z.enum(['officeholder', 'organisation']),
  letterNumber: z.string(),
  effectiveOn: z.string(),
  newHeadName: z.string().nullable(),
  newHeadTitle: z.string().nullable(),
  newHeadEmail: z.string().nullable(),
  newName: z.string().nullable(),
  previousName: z.string(),
  status: z.enum(CHANGE_STATUSES),
  filedBy: z.string().nullable(),
  filedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  newHeadAccountId: z.string().nullable(),
  closedAccountIds: z.array(z.string()),
  sptjmDueOn: z.string().nullable().describe('The SPTJM must be signed again by this day'),
  documents: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string() })),
});

export const confirmView = changeView.extend({
  newHead: z
    .object({
      accountId: z.string(),
      username: z.string(),
      oneTimePassword: z
        .string()
        .describe('Shown once: handed to the new head, who must change it at first sign-in'),
    })
    .nullable(),
});
