import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../auth/password.ts';

const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`).max(256);
const dailyQuota = z
  .number()
  .int()
  .min(0)
  .max(10_000_000)
  .nullable()
  .describe('Hits per WIB day; null = unlimited (still counted)');

export const createAccountBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, '3–64 letters, digits, ., _ or -'),
    password,
    fullName: z.string().trim().min(3).max(200),
    role: z.enum(['operator', 'central_officer', 'office_officer']).default('operator'),
    institutionId: z.string().optional().describe('For operators: their institution'),
    officeId: z.string().optional().describe('For office officers: their office'),
    dailyQuota: dailyQuota.default(null),
    isActive: z.boolean().default(true),
  })
  .refine((a) => (a.role === 'operator') === (a.institutionId !== undefined), {
    message: 'An operator belongs to an institution; an officer does not',
    path: ['institutionId'],
  })
  .refine((a) => a.role !== 'office_officer' || a.officeId !== undefined, {
    message: 'An office officer belongs to an office',
    path: ['officeId'],
  });
export type CreateAccountInput = z.input<typeof createAccountBody>;

export const updateAccountBody = z
  .object({
    isActive: z.boolean().optional(),
    dailyQuota: dailyQuota.optional(),
    fullName: z.string().trim().min(3).max(200).optional(),
    password: password.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');
export type UpdateAccountInput = z.input<typeof updateAccountBody>;

export const accountView = z.object({
  id: z.string(),
  username: z.string(),
  role: z.string(),
  fullName: z.string(),
  institutionId: z.string().nullable(),
  officeId: z.string().nullable(),
  isActive: z.boolean(),
  dailyQuota: z.number().nullable(),
  passwordChangedAt: z.string(),
  createdAt: z.string(),
});
