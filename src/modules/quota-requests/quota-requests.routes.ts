import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { decideQuotaIncrease, findQuotaRequests, requestQuotaIncrease } from './quota-requests.service.ts';
import { quotaRequestPolicy } from './quota-requests.policy.ts';
import { idParams, quotaRequestView } from './quota-requests.schema.ts';

export function quotaRequestRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['quota'], security: bearerSecurity };
    app.post(
      '/v1/accounts/:id/quota-requests',
      {
        onRequest: requireRoles(ctx, quotaRequestPolicy.request),
        schema: {
          ...meta,
          summary:
            'Request a quota increase for an operator, with a justification (the usage so far is shown)',
          params: idParams,
          body: z.object({
            requestedQuota: z.number().int().min(1).max(10_000_000).nullable().describe('null: unlimited'),
            justification: z
              .string()
              .trim()
              .min(10)
              .max(2000)
              .describe('Kajian teknis: why more hits are needed'),
          }),
          response: { 201: quotaRequestView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await requestQuotaIncrease({ db: ctx.db, now: acting.now }, acting.actor, {
            accountId: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/quota-requests',
      {
        onRequest: requireRoles(ctx, quotaRequestPolicy.read),
        schema: {
          ...meta,
          summary: 'Quota increase requests in scope, with each operator’s usage so far',
          response: { 200: z.object({ items: z.array(quotaRequestView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findQuotaRequests(ctx.db, (await actorOf(ctx, request)).scope, ctx.clock()),
      }),
    );
    app.post(
      '/v1/quota-requests/:id/decision',
      {
        onRequest: requireRoles(ctx, quotaRequestPolicy.decide),
        schema: {
          ...meta,
          summary: 'Grant (the quota becomes the requested one) or refuse a quota increase, with a note',
          params: idParams,
          body: z.object({ grant: z.boolean(), note: z.string().trim().min(3).max(2000) }),
          response: { 200: quotaRequestView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return decideQuotaIncrease({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          ...request.body,
        });
      },
    );
  };
}
