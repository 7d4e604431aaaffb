import { z } from 'zod';
import { normaliseCidr } from '../access/network.ts';

export const cidrList = z
  .array(z.string().max(64))
  .max(64)
  .transform((list, c) => {
    const out: string[] = [];
    for (const raw of list) {
      const n = normaliseCidr(raw);
      if (n) out.push(n);
      else c.addIssue({ code: 'custom', message: `Not a CIDR range or IP address: ${raw}` });
    }
    return out;
  })
  .describe('Allowed networks (IP LAN) as CIDR ranges; a bare address means that one host');

export const institutionCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{2,64}$/, '2–64 letters, digits, _ or -')
  .describe('The CUSTOMER_ID of the wire format');

export const createInstitutionBody = z.object({
  code: institutionCode,
  name: z.string().trim().min(3).max(200),
  officeId: z.string().describe('The managing office'),
  allowedNetworks: cidrList.default([]),
  isActive: z.boolean().default(true),
});
export type CreateInstitutionInput = z.input<typeof createInstitutionBody>;

export const updateInstitutionBody = z
  .object({
    name: z.string().trim().min(3).max(200).optional(),
    isActive: z.boolean().optional(),
    allowedNetworks: cidrList.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');
export type UpdateInstitutionInput = z.input<typeof updateInstitutionBody>;

export const institutionView = z.object({
  id: z.string(),
  code: z.string().describe('The wire CUSTOMER_ID'),
  name: z.string(),
  officeId: z.string(),
  isActive: z.boolean(),
  allowedNetworks: z
    .array(z.string())
    .describe("CIDR ranges the institution's closed-network access point uses (IP LAN)"),
  createdAt: z.string(),
});
