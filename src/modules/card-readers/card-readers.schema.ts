import { z } from 'zod';

export const idParams = z.object({ id: z.string().max(64) });

export const SAM_STATES = [
  'requested',
  'personalised',
  'activated',
  'deactivated',
  'config_returned',
  'config_confirmed',
] as const;

export const readerView = z.object({
  id: z.string(),
  institutionId: z.string(),
  workUnitId: z.string(),
  serial: z.string(),
  vendor: z.string(),
  model: z.string(),
  procuredOn: z.string(),
  registeredAt: z.string(),
});

export const workUnitView = z.object({
  id: z.string(),
  institutionId: z.string(),
  name: z.string(),
  address: z.string(),
  regionCode: z.string(),
  createdAt: z.string(),
});

export const samView = z.object({
  id: z.string(),
  institutionId: z.string(),
  readerId: z.string(),
  readerSerial: z.string(),
  state: z.enum(SAM_STATES),
  sifilmaStatus: z.enum(['pending', 'accepted', 'rejected']),
  sifilmaReference: z.string().nullable(),
  sifilmaNote: z.string().nullable(),
  sifilmaAnsweredAt: z.string().nullable(),
  keyFingerprint: z.string().nullable().describe('SHA-256 of the public key (first 16 bytes, hex)'),
  agreementId: z.string().nullable().describe('The agreement it was activated under'),
  deactivationReason: z.string().nullable(),
  configFilename: z.string().nullable(),
  configSha256: z.string().nullable(),
  requestedAt: z.string(),
  updatedAt: z.string(),
});

export const samEvent = z.object({
  id: z.number(),
  at: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
});

export const returnTask = z.object({
  id: z.string(),
  institutionId: z.string(),
  agreementId: z.string(),
  openedAt: z.string(),
  dueOn: z.string(),
  closedAt: z.string().nullable(),
  samIds: z.array(z.string()),
});

export const cardReadBody = z.object({
  nik: z
    .string()
    .regex(/^\d{16}$/, 'NIK must be 16 digits')
    .describe('The NIK read from the KTP-el chip'),
  readerSerial: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/)
    .describe('The serial of the registered reader'),
  samId: z
    .string()
    .regex(/^sam_[a-z2-7]{16}$/)
    .describe('The SAM card in the reader'),
  timestamp: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/)
    .describe('When the card was read, ISO 8601 UTC; within 5 minutes of the server’s clock'),
  nonce: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .describe('16–64 of A-Z a-z 0-9 _ -, never repeated by the SAM'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]{86}==$/)
    .describe('Ed25519 signature by the SAM’s key over the canonical form, base64 (see README)'),
});
