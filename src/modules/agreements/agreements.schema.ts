import { z } from 'zod';
import { ELEMENT_CODES, type ElementCode } from '../elements/elements.ts';
import { MISUSE_ACTIONS, type MisuseAction } from '../misuse/misuse.schema.ts';
import { purposeCode } from '../purposes/purposes.ts';

export type AccessMethod = 'verification' | 'portal' | 'card_reader';
export const ACCESS_METHODS: readonly AccessMethod[] = ['verification', 'portal', 'card_reader'];
export type AgreementStatus =
  'draft' | 'signed' | 'active' | 'expiring' | 'expired' | 'terminated' | 'revoked';
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = [
  'draft',
  'signed',
  'active',
  'expiring',
  'expired',
  'terminated',
  'revoked',
];

export const misuseAction = z
  .enum(MISUSE_ACTIONS as [MisuseAction, ...MisuseAction[]])
  .describe(
    'What detected misuse (sequential, patterned or too-quick NIK input) leads to: alert (record an alert), ' +
      'throttle (refuse the account for a cool-down) or suspend (the account is inactive until an officer reinstates it)',
  );

const isoDate = z.iso.date().describe('YYYY-MM-DD');
const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'HH:MM')
  .transform((t) => (t.length === 5 ? `${t}:00` : t));

export const elementList = z
  .array(z.enum(ELEMENT_CODES as [ElementCode, ...ElementCode[]]))
  .min(1)
  .transform((l) => [...new Set(l)])
  .describe('Granted data elements (wire names)');

/** An element code and an access method (the master lists). */
export const elementCode = z.enum(ELEMENT_CODES as [ElementCode, ...ElementCode[]]);
export const accessMethod = z.enum(ACCESS_METHODS as [AccessMethod, ...AccessMethod[]]);
/** Element codes and access methods as an answer names them (no minimum, no dedup). */
export const elementCodes = z.array(elementCode);
export const accessMethods = z.array(accessMethod);

export const createAgreementBody = z
  .object({
    institutionId: z.string(),
    registryNumber: z.string().trim().min(1).max(100).describe("The registry office's number for the PKS"),
    institutionNumber: z.string().trim().min(1).max(100).describe("The institution's number for the PKS"),
    purpose: z.string().trim().min(3).max(1000),
    elements: elementList,
    methods: z
      .array(z.enum(ACCESS_METHODS as [AccessMethod, ...AccessMethod[]]))
      .min(1)
      .transform((l) => [...new Set(l)]),
    startDate: isoDate,
    endDate: isoDate,
    status: z.enum(AGREEMENT_STATUSES as [AgreementStatus, ...AgreementStatus[]]).default('active'),
    defaultThreshold: z.number().int().min(0).max(100).optional(),
    allowedHours: z
      .object({ start: hhmm, end: hhmm })
      .nullable()
      .default(null)
      .describe('Allowed hours in WIB; a window whose end is before its start spans midnight'),
    misuseAction: misuseAction.default('alert'),
    purposeCodes: z
      .array(purposeCode)
      .max(20)
      .default([])
      .describe('The purposes (catalogue codes) the PKS grants'),
    defaultPurpose: purposeCode
      .optional()
      .describe('The purpose a client that states none gets; must be granted; default: the first granted'),
  })
  .refine((a) => a.endDate >= a.startDate, { message: 'endDate is before startDate', path: ['endDate'] });
export type CreateAgreementInput = z.input<typeof createAgreementBody>;

export const agreementView = z.object({
  id: z.string(),
  institutionId: z.string(),
  officeId: z.string(),
  registryNumber: z.string().describe("The registry office's number for the PKS"),
  institutionNumber: z.string().describe("The institution's own number for the PKS"),
  purpose: z.string(),
  elements: elementCodes,
  methods: accessMethods,
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(AGREEMENT_STATUSES as [AgreementStatus, ...AgreementStatus[]]),
  defaultThreshold: z.number(),
  allowedHoursStart: z.string().nullable().describe("Allowed hours in WIB, 'HH:MM:SS'; both null: any time"),
  allowedHoursEnd: z.string().nullable(),
  misuseAction,
  createdAt: z.string(),
  applicationId: z.string().nullable().describe('The approved application it was made from'),
  signedOn: z.string().nullable(),
  signedPlace: z.string().nullable(),
  periodMonths: z.number().nullable(),
  endedReason: z.string().nullable(),
  currentVersionId: z.string().nullable().describe('The version of the terms in force now'),
  purposeCodes: z.array(z.string()).describe('The purposes the current terms grant'),
  defaultPurpose: z.string().nullable().describe('The purpose a client that states none gets'),
});

// The status changes only through the lifecycle (sign, activate, terminate, revoke; expiry by the jobs), each
// with its reason and checks; PATCH names what it refuses, so an old client learns where to go.
export const updateAgreementBody = z.object({
  misuseAction,
  status: z
    .never({
      error:
        'The status changes only through the lifecycle: POST /v1/agreements/{id}/sign, /activate, /terminate or /revoke',
    })
    .optional(),
});
export type UpdateAgreementInput = z.input<typeof updateAgreementBody>;
