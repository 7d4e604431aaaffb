import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/app.ts';
import { actorOf, requireRoles } from '../../http/auth.ts';
import { bearerSecurity, errorResponses } from '../../http/schemas.ts';
import { OFFICER_ROLES, SCOPED_READERS } from '../auth/actor.ts';
import { decideQuotaIncrease, findQuotaRequests, requestQuotaIncrease } from './quota-requests.service.ts';

/** Quota increases: requested by the institution's head or admin (or an officer), decided by the central office. */
export const quotaRequestPolicy = {
  read: SCOPED_READERS,
  request: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  decide: ['central_officer'],
} as const;

const view = z.object({
  id: z.string(),
  accountId: z.string(),
  institutionId: z.string(),
  currentQuota: z.number().nullable(),
  requestedQuota: z.number().nullable(),
  justification: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(['requested', 'granted', 'refused']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  usage: z.object({ today: z.number(), last30Days: z.number() }).describe('Hits so far (WIB days)'),
});
const idParams = z.object({ id: z.string().max(64) });

export function quotaRequestRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['quota'], security: bearerSecurity };
    const act = async (request: Parameters<typeof actorOf>[1]) => ({
      actor: await actorOf(ctx, request),
      now: ctx.clock(),
    });
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
          response: { 201: view, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await requestQuotaIncrease(ctx.db, request.params.id, request.body, await act(request))),
    );
    app.get(
      '/v1/quota-requests',
      {
        onRequest: requireRoles(ctx, quotaRequestPolicy.read),
        schema: {
          ...meta,
          summary: 'Quota increase requests in scope, with each operator’s usage so far',
          response: { 200: z.object({ items: z.array(view) }), ...errorResponses },
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
          response: { 200: view, ...errorResponses },
        },
      },
      async (request) => decideQuotaIncrease(ctx.db, request.params.id, request.body, await act(request)),
    );
  };
}
