import { z } from 'zod';

export type FeeClass = 'government' | 'profit_oriented';
export const FEE_CLASSES: readonly FeeClass[] = ['government', 'profit_oriented'];
export type TariffItem = 'nik_access' | 'fingerprint_match' | 'face_match';
export const TARIFF_ITEMS: readonly TariffItem[] = ['nik_access', 'fingerprint_match', 'face_match'];

/** Integer rupiah: never a fraction, never beyond what a JSON number carries exactly. */
const rupiah = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer rupiah');
const positiveRupiah = z
  .number()
  .int()
  .min(1)
  .max(1_000_000_000_000)
  .describe('integer rupiah (a deposit: Rp1 to Rp1 trillion)');
const day = z.iso.date().describe('YYYY-MM-DD');
export const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM (WIB)');

export const feeClass = z.enum(FEE_CLASSES as [FeeClass, ...FeeClass[]]);
export const tariffItem = z.enum(TARIFF_ITEMS as [TariffItem, ...TariffItem[]]);

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const classifyBody = z.object({ feeClass });
export const classView = z.object({ institutionId: z.string(), feeClass });

export const tariffBody = z.object({
  item: tariffItem,
  feeClass,
  rupiah,
  effectiveFrom: day,
  legalBasis: z.string().trim().min(2).max(200),
});
export const tariffView = tariffBody.extend({ id: z.string() });

export const depositBody = z.object({
  rupiah: positiveRupiah,
  paymentReference: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9./-]{4,64}$/, 'letters, digits, . / - (4 to 64)')
    .describe('the payment reference (SIMPONI billing code)'),
  paidOn: day,
});
export const depositView = z.object({
  id: z.string(),
  institutionId: z.string(),
  rupiah,
  paymentReference: z.string(),
  paidOn: day,
  recordedAt: z.string(),
});

export const balanceView = z.object({
  institutionId: z.string(),
  feeClass,
  tariffRupiah: rupiah.describe('The tariff of one NIK access today (integer rupiah)'),
  depositsRupiah: rupiah,
  chargesRupiah: rupiah,
  balanceRupiah: rupiah,
  accessesLeft: z
    .number()
    .int()
    .nullable()
    .describe("Accesses the balance still pays for at today's tariff (null: the institution pays nothing)"),
  recentDailyRupiah: rupiah.describe('Mean charges per day over the last 30 days (integer rupiah)'),
  daysLeft: z.number().int().nullable().describe('Days the balance lasts at that rate (null: no recent use)'),
});

export const feeInstitutionView = z.object({
  institutionId: z.string(),
  name: z.string(),
  officeId: z.string(),
  feeClass,
  depositsRupiah: rupiah,
  chargesRupiah: rupiah,
  balanceRupiah: rupiah,
});

export const statementView = z.object({
  institutionId: z.string(),
  institutionName: z.string(),
  month: monthParam,
  openingRupiah: rupiah,
  deposits: z.array(depositView),
  depositsRupiah: rupiah,
  days: z
    .array(z.object({ day, accesses: z.number().int(), rupiah }))
    .describe('Charged accesses per WIB day of the month'),
  accesses: z.number().int(),
  chargesRupiah: rupiah,
  closingRupiah: rupiah,
});

export const revenueQuery = z
  .object({ from: monthParam, to: monthParam })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] });
export const revenueView = z.object({
  from: monthParam,
  to: monthParam,
  rows: z.array(
    z.object({
      month: monthParam,
      institutionId: z.string(),
      institutionName: z.string(),
      officeId: z.string(),
      officeName: z.string(),
      accesses: z.number().int(),
      rupiah,
    }),
  ),
  byMonth: z.array(z.object({ month: monthParam, accesses: z.number().int(), rupiah })),
  byOffice: z.array(
    z.object({ officeId: z.string(), officeName: z.string(), accesses: z.number().int(), rupiah }),
  ),
  totalRupiah: rupiah,
});
