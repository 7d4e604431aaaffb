import { z } from 'zod';

export const TICKET_STATES = ['open', 'in_review', 'corrected', 'rejected'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** The steps an office may take: open → in_review → corrected | rejected (a rejection gives its reason). */
export const NEXT_STATES: Record<TicketState, readonly TicketState[]> = {
  open: ['in_review'],
  in_review: ['corrected', 'rejected'],
  corrected: [],
  rejected: [],
};

/** Working days the owning office has to close a ticket (public holidays and collective leave skipped). */
export const TICKET_WORKING_DAYS = 10;

const id = z.string().min(1).max(64);

export const ticketSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('verification'),
    requestId: id.describe('The requestId of the verification (or look-up) answer the ticket is about'),
  }),
  z.object({
    kind: z.literal('return_data'),
    agreementId: id,
    nik: z
      .string()
      .regex(/^\d{16}$/, 'NIK must be 16 digits')
      .describe('The row’s NIK, as sent'),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|S[12])$/, 'PERIODE: YYYY-MM or YYYY-S1/S2'),
  }),
]);
export type TicketSource = z.infer<typeof ticketSource>;

export const openTicketBody = z.object({
  source: ticketSource,
  description: z
    .string()
    .trim()
    .min(10, 'Describe what is wrong in at least 10 characters')
    .max(1000)
    .describe('What the institution believes is wrong (e.g. “warga membawa KTP-el, nama tidak sesuai”)'),
});
export type OpenTicketInput = z.input<typeof openTicketBody>;

export const transitionBody = z
  .object({
    to: z.enum(['in_review', 'corrected', 'rejected']),
    note: z.string().trim().min(3).max(1000).optional().describe('The office’s note to the institution'),
  })
  .refine((b) => b.to !== 'rejected' || b.note !== undefined, {
    message: 'A rejection needs its reason (note)',
    path: ['note'],
  });
export type TransitionInput = z.input<typeof transitionBody>;

export const ticketListQuery = z.object({
  state: z.enum(TICKET_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: past the deadline and not closed'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const event = z.object({
  at: z.string(),
  state: z.enum(TICKET_STATES),
  note: z.string().nullable(),
  actor: z.string().nullable().optional().describe('Officers only: who took the step'),
});

/**
 * One view for both sides. The institution gets its own ticket's state, deadline and the office's notes, and
 * nothing about the person beyond the NIK it sent itself; the officer fields are absent for it.
 */
export const ticketView = z.object({
  id: z.string(),
  source: z.object({
    kind: z.enum(['verification', 'return_data']),
    requestId: z.string().nullable(),
    agreementId: z.string().nullable(),
    period: z.string().nullable(),
  }),
  nik: z.string().describe('The NIK as the institution sent it'),
  description: z.string(),
  state: z.enum(TICKET_STATES),
  officeNote: z.string().nullable(),
  deadline: z.string().describe('YYYY-MM-DD (WIB), working days from opening'),
  overdue: z.boolean(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  events: z.array(event).optional().describe('The ticket’s steps (in a single ticket’s answer)'),
  institutionId: z.string().optional().describe('Officers only'),
  institutionName: z.string().optional().describe('Officers only'),
  owningOfficeId: z.string().optional().describe('Officers only: the office that owns the record'),
  owningOfficeName: z.string().optional().describe('Officers only'),
  openedBy: z.string().optional().describe('Officers only: the username that opened it'),
  sourceDetail: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Officers only: the verification’s time and elements checked, or the return-data row'),
});
export type TicketView = z.infer<typeof ticketView>;
