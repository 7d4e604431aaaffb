import { z } from 'zod';

export const officeLevel = z.enum(['central', 'province', 'regency', 'city']);

export const createOfficeBody = z.object({
  level: officeLevel,
  regionCode: z
    .string()
    .transform((s) => s.replaceAll('.', ''))
    .pipe(z.string().regex(/^\d{2}(\d{2})?$/, 'A province (2 digits) or regency/city (4 digits) code'))
    .nullable()
    .default(null)
    .describe('Kemendagri region code, dotted or plain; null for the central office'),
  name: z.string().trim().min(3).max(200),
  parentId: z.string().optional().describe('Default: the province office above a regency/city, else central'),
});
export type CreateOfficeInput = z.input<typeof createOfficeBody>;

export const officeView = z.object({
  id: z.string(),
  level: officeLevel,
  regionCode: z.string().nullable(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: z.string(),
});
