import { z } from 'zod';

/** A regency (91.01 or 9101) or district (91.01.01 or 910101) code, dotted or plain. */
export const regionCode = z
  .string()
  .regex(/^\d{2}\.?\d{2}(\.?\d{2})?$/, 'a regency (NN.NN) or district (NN.NN.NN) code')
  .transform((c) => c.replaceAll('.', ''))
  .describe('Regency or district code, dotted (91.01.01) or plain (910101)');

export const lineageView = z.object({
  code: z.string(),
  status: z.enum(['former', 'current', 'unchanged']),
  level: z.string().nullable(),
  formerCode: z.string().nullable(),
  formerName: z.string().nullable(),
  currentCode: z.string(),
  currentName: z.string().nullable(),
  changedOn: z.string().nullable(),
  sources: z.array(z.string()),
});
