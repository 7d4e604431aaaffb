import { z } from 'zod';
import { uploadInput } from '../documents/documents.upload.ts';

const isoDate = z.iso.date().describe('YYYY-MM-DD');

export const statementBody = z.object({
  signatoryName: z.string().trim().min(3).max(200).describe('The institution head who signed'),
  signatoryPosition: z.string().trim().min(3).max(200),
  signedOn: isoDate,
  document: uploadInput.describe('The signed SPTJM: PDF, PNG or JPEG, at most 2 MiB'),
});

export const ndaBody = z.object({
  signedOn: isoDate,
  document: uploadInput.optional().describe('The signed NDA (optional): PDF, PNG or JPEG, at most 2 MiB'),
});

export const clientApplicationBody = z.object({
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(1000).default(''),
});

export const pocBody = z.object({ passed: z.boolean(), note: z.string().trim().min(3).max(2000) });

export const assignBody = z.object({
  clientApplicationId: z.string().max(64).nullable().describe('null: the operator is a person at the portal'),
});

export const statementView = z.object({
  id: z.string(),
  institutionId: z.string(),
  signatoryName: z.string(),
  signatoryPosition: z.string(),
  signedOn: z.string(),
  documentId: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});

export const ndaView = z.object({
  id: z.string(),
  accountId: z.string(),
  signedOn: z.string(),
  documentId: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});

export const clientApplicationView = z.object({
  id: z.string(),
  institutionId: z.string(),
  name: z.string(),
  description: z.string(),
  registeredBy: z.string().nullable(),
  registeredAt: z.string(),
  pocStatus: z.enum(['pending', 'passed', 'failed']),
  pocNote: z.string().nullable(),
  pocDecidedBy: z.string().nullable(),
  pocDecidedAt: z.string().nullable(),
});

export const gateStatusView = z.object({
  institutionId: z.string(),
  responsibilityStatement: statementView.nullable(),
  operators: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      isActive: z.boolean(),
      hasNda: z.boolean(),
      clientApplicationId: z.string().nullable(),
    }),
  ),
  clientApplications: z.array(clientApplicationView),
  developmentQuota: z.number(),
});
