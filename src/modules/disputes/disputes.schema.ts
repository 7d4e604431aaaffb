import { z } from 'zod';
import { accessMethod } from '../agreements/agreements.schema.ts';

export const disputeState = z.enum([
  'awaiting_institution',
  'awaiting_decision',
  'justified',
  'misuse_found',
]);
export const disputeReason = z.enum(['never_dealt', 'wrong_purpose', 'other']);

export const trailEntry = z.object({
  at: z.string(),
  state: z.string(),
  party: z.enum(['resident', 'institution', 'office', 'system']),
  note: z.string().nullable(),
});
const institutionRef = z.object({ id: z.string(), name: z.string() }).nullable();
const recordBase = {
  at: z.string().describe('When the access happened (ISO 8601; shown in WIB)'),
  protocol: z.string(),
  method: accessMethod,
  purpose: z.string().nullable(),
  purposeLabel: z.string().nullable(),
  elementsDisclosed: z.array(z.string()).describe('Element names, never values'),
  outcome: z.string(),
};

/** Text a person types: trimmed, 1..max characters. */
export const typedText = (max: number) => z.string().trim().min(1).max(max);

export const openDisputeBody = z.object({
  recordId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The history record (its id)'),
  reason: disputeReason.describe(
    'never_dealt: "Saya tidak pernah berurusan dengan instansi ini"; wrong_purpose; other',
  ),
  text: typedText(1000),
});

/** The resident's dispute (the /warga portal's contract). */
export const residentDispute = z.object({
  id: z.string(),
  recordId: z.number(),
  state: disputeState,
  reason: disputeReason,
  text: z.string(),
  openedAt: z.string(),
  institution: institutionRef,
  record: z.object(recordBase),
  answerDueAt: z.string().describe("End of the institution's last working day to answer"),
  decisionDueAt: z.string().nullable().describe("End of the office's last working day to decide"),
  institutionAnswer: z.string().nullable(),
  officeNote: z.string().nullable(),
  trail: z.array(trailEntry),
});

/** What the institution and the office see: metadata of the record, the masked NIK, nothing of the person. */
export const partyDispute = z.object({
  id: z.string(),
  state: disputeState,
  reason: disputeReason,
  text: z.string(),
  openedAt: z.string(),
  institution: institutionRef,
  office: z.object({ id: z.string(), name: z.string() }),
  nikMasked: z.string().describe('The NIK masked to its last four digits'),
  record: z.object({
    id: z.number(),
    ...recordBase,
    accountId: z.string().nullable().describe('The account that made the access'),
    username: z.string().nullable(),
    requestId: z.string().describe("The request's ID (the client's own X-Request-Id when it sent one)"),
  }),
  answerDueAt: z.string(),
  answerOverdue: z.boolean().describe('Awaiting the institution past its deadline (the job records it)'),
  answerMissed: z.boolean(),
  answeredAt: z.string().nullable(),
  institutionAnswer: z.string().nullable(),
  decisionDueAt: z.string().nullable(),
  decisionOverdue: z.boolean(),
  decidedAt: z.string().nullable(),
  officeNote: z.string().nullable(),
  operatorSuspended: z.boolean(),
  findingOpen: z.boolean().describe('misuse_found whose compliance finding the office has not closed'),
  findingClosedAt: z.string().nullable(),
  findingNote: z.string().nullable(),
  trail: z.array(trailEntry),
});

export const disputeQuery = z.object({
  state: disputeState.optional(),
  institutionId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const answerBody = z.object({ explanation: typedText(2000) });
export const decisionBody = z.object({
  decision: z.enum(['justified', 'misuse_found']),
  note: typedText(2000),
  suspendOperator: z
    .boolean()
    .optional()
    .describe('misuse_found only: deactivate the operator of the access'),
});
export const closeFindingBody = z.object({ note: typedText(2000) });
export const idParams = z.object({ id: z.string().max(64) });
