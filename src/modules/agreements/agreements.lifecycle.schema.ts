import { z } from 'zod';
import { cidrList } from '../institutions/institutions.schema.ts';
import { purposeCode } from '../purposes/purposes.ts';
import {
  ACCESS_METHODS,
  accessMethods,
  elementCodes,
  elementList,
  type AccessMethod,
} from './agreements.schema.ts';

const isoDate = z.iso.date().describe('YYYY-MM-DD');
const methods = z
  .array(z.enum(ACCESS_METHODS as [AccessMethod, ...AccessMethod[]]))
  .min(1)
  .transform((l) => [...new Set(l)]);

export const contactPerson = z.object({
  name: z.string().trim().min(3).max(200),
  party: z.enum(['registry', 'institution']),
  position: z.string().trim().max(200).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 -]{6,20}$/)
    .optional(),
  email: z.email().max(200).optional(),
});

/** The technical terms (Juknis) given when an agreement is drafted or amended. */
export const termsInput = z.object({
  elements: elementList.optional().describe('Default: the approved elements'),
  methods: methods.optional().describe('Default: the approved methods'),
  returnData: z.array(z.string().trim().min(2).max(64)).max(30).optional(),
  allowedNetworks: cidrList.optional(),
  bandwidthMbps: z.number().int().positive().max(100_000).nullable().optional(),
  quotaPerAccount: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .nullable()
    .optional()
    .describe('Hits per account per WIB day once production credentials are issued; null = unlimited'),
  cardReaders: z.number().int().min(0).max(10_000).optional(),
  contactPersons: z.array(contactPerson).max(20).optional(),
  purposeCodes: z
    .array(purposeCode)
    .max(20)
    .optional()
    .describe('The purposes (catalogue codes) the PKS grants; default: unchanged (none at drafting)'),
  defaultPurpose: purposeCode
    .nullable()
    .optional()
    .describe('The purpose a client that states none gets; must be granted; default: the first granted'),
});

export const draftAgreementBody = z.object({
  registryNumber: z.string().trim().min(1).max(100).describe("The registry office's number for the PKS"),
  institutionNumber: z.string().trim().min(1).max(100).describe("The institution's number for the PKS"),
  terms: termsInput.default({}),
});
export type DraftAgreementInput = z.input<typeof draftAgreementBody>;

export const signBody = z.object({
  signedOn: isoDate.describe('Signing date: the period runs from it'),
  signedPlace: z.string().trim().min(2).max(200),
});

export const amendBody = z.object({
  reason: z.string().trim().min(3).max(1000).describe('What the amendment (adendum) changes and why'),
  terms: termsInput.extend({ endDate: isoDate.optional() }),
});
export type AmendInput = z.input<typeof amendBody>;

export const extensionBody = z.object({
  newEndDate: isoDate,
  reason: z.string().trim().min(3).max(1000),
});

export const endBody = z.object({ reason: z.string().trim().min(3).max(1000) });

export const versionView = z.object({
  id: z.string(),
  agreementId: z.string(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  reason: z.string(),
  purpose: z.string(),
  elements: elementCodes,
  methods: accessMethods,
  endDate: z.string().nullable(),
  returnData: z.array(z.string()),
  allowedNetworks: z.array(z.string()),
  bandwidthMbps: z.number().nullable(),
  quotaPerAccount: z.number().nullable(),
  cardReaders: z.number(),
  contactPersons: z.array(contactPerson),
  purposeCodes: z.array(z.string()).describe('Purpose codes granted (purposes catalogue)'),
  defaultPurpose: z.string().nullable().describe('The purpose a client that states none gets'),
});

export const extensionView = z.object({
  id: z.string(),
  agreementId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  newEndDate: z.string(),
  reason: z.string(),
  status: z.enum(['requested', 'granted', 'refused']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
