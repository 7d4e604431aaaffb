import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../auth/password.ts';

export type Role =
  | 'operator'
  | 'institution_head'
  | 'institution_admin'
  | 'central_officer'
  | 'office_officer'
  | 'auditor'
  // Of the central office: records prepaid deposits (fees module, PP 10/2023).
  | 'finance_officer';
export const ROLES: readonly Role[] = [
  'operator',
  'institution_head',
  'institution_admin',
  'central_officer',
  'office_officer',
  'auditor',
  'finance_officer',
];

const INSTITUTION_PEOPLE: readonly Role[] = ['operator', 'institution_head', 'institution_admin'];
export const roleEnum = z.enum(ROLES as [Role, ...Role[]]);

const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`).max(256);
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'An e-mail address')
  .nullable()
  .describe('Notifications are e-mailed here too when SMTP is configured');
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
    role: roleEnum.default('operator'),
    institutionId: z
      .string()
      .optional()
      .describe('For operators, institution heads and admins: their institution'),
    officeId: z
      .string()
      .optional()
      .describe("For office officers: their office; for auditors: their office's area (none: central)"),
    // Absent: unlimited when an officer issues it, the development quota when an institution admin does.
    dailyQuota: dailyQuota.optional(),
    isActive: z.boolean().default(true),
    email: email.optional(),
  })
  .refine((a) => INSTITUTION_PEOPLE.includes(a.role) === (a.institutionId !== undefined), {
    message: "An institution's operator, head or admin belongs to it; registry people do not",
    path: ['institutionId'],
  })
  .refine((a) => a.officeId === undefined || a.role === 'office_officer' || a.role === 'auditor', {
    message: 'Only office officers and auditors have an office',
    path: ['officeId'],
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
    email: email.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');
export type UpdateAccountInput = z.input<typeof updateAccountBody>;

export const accountView = z.object({
  id: z.string(),
  username: z.string(),
  role: roleEnum,
  fullName: z.string(),
  institutionId: z.string().nullable(),
  officeId: z.string().nullable(),
  isActive: z.boolean(),
  dailyQuota: z.number().nullable().describe('Hits per WIB day; null means unlimited (still counted)'),
  passwordChangedAt: z.string(),
  mustChangePassword: z
    .boolean()
    .describe('Issued with a one-time password: the person must choose their own before anything else'),
  email: z
    .string()
    .nullable()
    .describe('Where notifications are e-mailed too (when SMTP is configured); null: in-app only'),
  createdAt: z.string(),
});
