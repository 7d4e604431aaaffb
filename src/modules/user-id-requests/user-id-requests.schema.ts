import { z } from 'zod';
import { accountView } from '../accounts/accounts.schema.ts';

/** The fields of the user-ID request form (formulir permohonan user ID) and their names on the portal. */
export const FORM_FIELDS = {
  nik: 'NIK',
  fullName: 'nama lengkap',
  nip: 'NIP',
  employmentStatus: 'status kepegawaian',
  position: 'jabatan',
  officeRegionCode: 'kode wilayah kantor',
  officeName: 'nama kantor',
  officeAddress: 'alamat kantor',
  localUserId: 'user ID lokal',
} as const;
export type FormField = keyof typeof FORM_FIELDS;
export const FORM_FIELD_NAMES = Object.keys(FORM_FIELDS) as FormField[];

export type UserIdForm = Record<FormField, string>;

// Every field may be absent here: completeness is checked by the service, which names each missing field.
const text = (max: number) => z.string().trim().max(max).optional();

export const formInput = z.object({
  nik: text(32).describe('16 digits (Dukcapil format)'),
  fullName: text(200),
  nip: text(40).describe('Nomor Induk Pegawai'),
  employmentStatus: text(60).describe('e.g. PNS, PPPK, Non-PNS'),
  position: text(200).describe('jabatan'),
  officeRegionCode: text(20).describe('Kemendagri region code of the office, dotted or plain'),
  officeName: text(200),
  officeAddress: text(500),
  localUserId: text(40).describe("The operator's user ID in the institution's own application"),
});

export const REQUEST_KINDS = ['issue', 'change', 'deactivate'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const submitUserIdRequestBody = z.object({
  kind: z.enum(REQUEST_KINDS).describe('issue: a new operator; change: its data; deactivate: end it'),
  institutionId: z
    .string()
    .max(64)
    .optional()
    .describe("Default: the caller's own institution (an institution admin)"),
  accountId: z.string().max(64).optional().describe('For change and deactivate: the operator'),
  form: formInput.default({}).describe('issue: every field; change: the fields that change'),
  reason: z.string().trim().max(1000).optional().describe('Required for deactivate'),
  dailyQuota: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .nullable()
    .optional()
    .describe('Officers only (null = unlimited); an issue without it gets the development quota'),
});
export type SubmitUserIdRequestInput = z.input<typeof submitUserIdRequestBody>;

export const formView = z.object({
  nik: z.string().nullable(),
  fullName: z.string().nullable(),
  nip: z.string().nullable(),
  employmentStatus: z.string().nullable(),
  position: z.string().nullable(),
  officeRegionCode: z.string().nullable(),
  officeName: z.string().nullable(),
  officeAddress: z.string().nullable(),
  localUserId: z.string().nullable(),
});

export const userIdRequestView = z.object({
  id: z.string(),
  kind: z.enum(REQUEST_KINDS),
  institutionId: z.string(),
  accountId: z.string(),
  form: formView.describe(
    "The operator's form as it stands after this request (every field; null when never given)",
  ),
  changedFields: z.array(z.string()),
  reason: z.string().nullable(),
  dailyQuota: z.number().nullable(),
  handoverNumber: z.string(),
  handoverDocumentId: z.string().describe('The BAST PDF: GET /v1/documents/{id}'),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
});

/** What submitting a request answers: the request, the account as it now stands, and the handover record. */
export const userIdRequestResultView = z.object({
  request: userIdRequestView,
  account: accountView,
  username: z.string(),
  oneTimePassword: z
    .string()
    .optional()
    .describe('issue only: shown this once; the person must change it at first sign-in'),
  handoverDocumentId: z.string(),
});
