import { z } from 'zod';
import { accessMethod } from '../agreements/agreements.schema.ts';

export const nik = z.string().regex(/^\d{16}$/, 'NIK must be 16 digits');

export const historyItem = z.object({
  id: z.number().describe('The audit row; cursor for the next page'),
  at: z.string().describe('When (ISO 8601; shown in WIB)'),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  protocol: z.string().describe('v1 or wire'),
  method: accessMethod.describe('verification (web service), portal (look-up), card_reader'),
  purpose: z.string().nullable(),
  purposeLabel: z.string().nullable(),
  purposeDefaulted: z.boolean(),
  elementsDisclosed: z.array(z.string()).describe('Names of the elements disclosed, never their values'),
  outcome: z.string().describe('The access outcome (found, not_found, refusals such as purpose_not_granted)'),
  leafIndex: z
    .number()
    .nullable()
    .describe('The row in the transparency log, for an inclusion proof (null until sequenced)'),
  disputeId: z.string().nullable().describe('The open or latest dispute of this record (null: none)'),
});

export const disclosureView = z.object({ agreementId: z.string(), disclosureDelayDays: z.number() });
