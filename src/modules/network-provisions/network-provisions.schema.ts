import { z } from 'zod';
import { uploadInput } from '../documents/documents.upload.ts';
import { cidrList } from '../institutions/institutions.schema.ts';

export type ProvisionStatus = 'requested' | 'provisioned' | 'connected' | 'withdrawn';
export const PROVISION_STATUSES: readonly ProvisionStatus[] = [
  'requested',
  'provisioned',
  'connected',
  'withdrawn',
];
export type ProvisionOrigin = 'officer' | 'institution_settings' | 'agreement_terms' | 'migration';

const isoDate = z.iso.date().describe('YYYY-MM-DD');
const provider = z
  .string()
  .trim()
  .min(2)
  .max(200)
  .describe('The network provider (e.g. the closed-network carrier)');
const bandwidthMbps = z.number().int().positive().max(100_000).nullable();
const note = z.string().trim().max(1000);

export const createProvisionBody = z.object({
  agreementId: z
    .string()
    .max(64)
    .nullable()
    .default(null)
    .describe("The agreement it serves (the institution's)"),
  networks: cidrList
    .default([])
    .describe('The IP LAN access point(s) assigned, CIDR; may be empty while requested'),
  provider,
  bandwidthMbps: bandwidthMbps.default(null),
  expectedOn: isoDate.nullable().default(null).describe('Expected connection date'),
  note: note.default(''),
});
export type CreateProvisionInput = z.input<typeof createProvisionBody>;

export const changeProvisionBody = z
  .object({
    agreementId: z.string().max(64).nullable().optional(),
    networks: cidrList.optional(),
    provider: provider.optional(),
    bandwidthMbps: bandwidthMbps.optional(),
    expectedOn: isoDate.nullable().optional(),
    connectedOn: isoDate.optional().describe('Actual connection date (a connected record only)'),
    note: note.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');

export const moveProvisionBody = z.object({
  status: z
    .enum(['provisioned', 'connected', 'withdrawn'])
    .describe('requested → provisioned → connected; any but withdrawn → withdrawn'),
  connectedOn: isoDate.optional().describe('The actual connection date (connected); default: today (WIB)'),
  note: note.optional(),
});

export const PROVISION_DOCUMENT_KINDS = ['topology', 'request_letter'] as const;
export type ProvisionDocumentKind = (typeof PROVISION_DOCUMENT_KINDS)[number];
export const provisionDocumentParams = z.object({
  id: z.string().max(64),
  kind: z
    .enum(PROVISION_DOCUMENT_KINDS)
    .describe('topology: the topology diagram; request_letter: the request letter'),
});
export const provisionDocumentBody = z.object({ document: uploadInput });

export const provisionView = z.object({
  id: z.string(),
  institutionId: z.string(),
  agreementId: z.string().nullable(),
  networks: z.array(z.string()).describe('The IP LAN access point(s) assigned, as CIDR ranges'),
  provider: z.string(),
  bandwidthMbps: z.number().nullable(),
  expectedOn: z.string().nullable(),
  connectedOn: z.string().nullable(),
  status: z.enum(PROVISION_STATUSES as [ProvisionStatus, ...ProvisionStatus[]]),
  topologyDocumentId: z.string().nullable(),
  requestLetterDocumentId: z.string().nullable(),
  note: z.string(),
  origin: z.enum(['officer', 'institution_settings', 'agreement_terms', 'migration']),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const provisionListView = z.object({
  institutionId: z.string(),
  /** What the access path admits now: the union of the connected records' networks. */
  allowedNetworks: z.array(z.string()),
  provisions: z.array(provisionView),
});
