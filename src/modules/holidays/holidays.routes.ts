import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireAccount, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { holidayPolicy } from './holidays.policy.ts';
import { listHolidays, recordHoliday, removeHoliday } from './holidays.ts';
import { day, holidayInput } from './holidays.schema.ts';

export function holidayRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['compliance'], security: bearerSecurity };
    app.get(
      '/v1/holidays',
      {
        onRequest: requireAccount(ctx),
        schema: {
          ...meta,
          summary: 'Public holidays and collective leave days: not working days for working-day deadlines',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
          response: { 200: z.object({ items: z.array(holidayInput) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listHolidays(ctx.db, request.query.year) }),
    );
    app.post(
      '/v1/holidays',
      {
        onRequest: requireRoles(ctx, holidayPolicy.record),
        schema: {
          ...meta,
          summary: 'Record a public holiday or collective leave day (or rename one); central office only',
          body: holidayInput,
          response: { 201: holidayInput, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await recordHoliday({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
          ),
    );
    app.delete(
      '/v1/holidays/:day',
      {
        onRequest: requireRoles(ctx, holidayPolicy.record),
        schema: {
          ...meta,
          summary: 'Remove a recorded holiday; central office only',
          params: z.object({ day }),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeHoliday(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.params.day,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
