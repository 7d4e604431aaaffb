import type { Answer, RequestBody } from '../../api.ts';

/** A data-quality ticket as GET /v1/data-quality-tickets/{id} answers it (officer fields absent for institutions). */
export type Ticket = Answer<'/v1/data-quality-tickets/{id}'>;

export type TicketState = Ticket['state'];
export const TICKET_STATES: TicketState[] = ['open', 'in_review', 'corrected', 'rejected'];

/** A state an office may move a ticket to. */
export type TicketStep = RequestBody<'/v1/data-quality-tickets/{id}/transition'>['to'];

/** The steps an office may take from a state (the server decides; this only offers the buttons). */
export const NEXT: Record<TicketState, TicketStep[]> = {
  open: ['in_review'],
  in_review: ['corrected', 'rejected'],
  corrected: [],
  rejected: [],
};

export type TicketSource = RequestBody<'/v1/data-quality-tickets'>['source'];
