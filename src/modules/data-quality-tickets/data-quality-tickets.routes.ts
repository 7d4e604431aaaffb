import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { dataQualityTicketPolicy } from './data-quality-tickets.policy.ts';
import {
  openTicketBody,
  ticketListQuery,
  ticketView,
  transitionBody,
} from './data-quality-tickets.schema.ts';
import { getTicket, listTickets, openTicket, transitionTicket } from './data-quality-tickets.service.ts';

const idParams = z.object({ id: z.string().max(64) });

/** Data-quality tickets: thin routes over the service (authenticate → validate → one call → the view). */
export function dataQualityTicketRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['data-quality-tickets'], security: bearerSecurity };

    app.post(
      '/v1/data-quality-tickets',
      {
        onRequest: requireRoles(ctx, dataQualityTicketPolicy.open),
        schema: {
          ...meta,
          summary: 'Open a data-quality ticket from a verification result or a return-data row',
          description:
            'The ticket goes to the office owning the resident’s record (the regency/city office of the ' +
            'record’s region), with a deadline in working days. The institution sees its state and the ' +
            'office’s note, never data about the person.',
          body: openTicketBody,
          response: { 201: ticketView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await openTicket({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
          ),
    );

    app.get(
      '/v1/data-quality-tickets',
      {
        onRequest: requireRoles(ctx, dataQualityTicketPolicy.read),
        schema: {
          ...meta,
          summary:
            'Tickets in scope: the institution’s own, or the board of the owning office and those above',
          querystring: ticketListQuery,
          response: { 200: z.object({ items: z.array(ticketView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await listTickets(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.query,
        ),
      }),
    );

    app.get(
      '/v1/data-quality-tickets/:id',
      {
        onRequest: requireRoles(ctx, dataQualityTicketPolicy.read),
        schema: {
          ...meta,
          summary: 'One ticket with its steps',
          params: idParams,
          response: { 200: ticketView, ...errorResponses },
        },
      },
      async (request) =>
        getTicket({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.params.id),
    );

    app.post(
      '/v1/data-quality-tickets/:id/transition',
      {
        onRequest: requireRoles(ctx, dataQualityTicketPolicy.handle),
        schema: {
          ...meta,
          summary: 'Move a ticket: open → in_review → corrected | rejected (a rejection gives its reason)',
          params: idParams,
          body: transitionBody,
          response: { 200: ticketView, ...errorResponses },
        },
      },
      async (request) =>
        transitionTicket({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), {
          id: request.params.id,
          ...request.body,
        }),
    );
  };
}
