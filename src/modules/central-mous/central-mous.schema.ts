import { z } from 'zod';
import { uploadInput } from '../documents/documents.upload.ts';

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .regex(/^[^\r\n]*$/, 'One line');

export const registerMouBody = z.object({
  centralBody: line(200).describe(
    'The central body (ministry, agency) holding the MoU, e.g. Kementerian Agama',
  ),
  mouNumber: line(120).describe('The MoU’s number'),
  signedOn: z.iso.date(),
  validFrom: z.iso.date(),
  validUntil: z.iso.date(),
  document: uploadInput.describe('The signed MoU (PDF, PNG or JPEG)'),
});
export type RegisterMouInput = z.input<typeof registerMouBody>;

export const setParentBody = z.object({
  centralBodyId: z.string().max(64).nullable().describe('The vertical parent; null: none'),
});

export const mouView = z.object({
  id: z.string(),
  centralBodyId: z.string(),
  centralBody: z.string(),
  mouNumber: z.string(),
  signedOn: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  documentId: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});

export const centralBodyView = z.object({
  id: z.string(),
  name: z.string(),
  mouInForce: mouView.nullable().describe('The MoU in force today, if any'),
  institutions: z.number().describe('Institutions naming it as their vertical parent'),
});

export const parentView = z.object({
  institutionId: z.string(),
  centralBody: z.object({ id: z.string(), name: z.string() }).nullable(),
  mouInForce: mouView.nullable(),
  covered: z
    .boolean()
    .describe('City/regency level with a parent holding an MoU in force: no PKS of its own may be made'),
});
