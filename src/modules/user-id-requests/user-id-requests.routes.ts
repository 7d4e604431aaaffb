import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import {
  submitUserIdRequestBody,
  userIdRequestResultView,
  userIdRequestView,
} from './user-id-requests.schema.ts';
import { findUserIdRequests, loadUserIdRequest, submitUserIdRequest } from './user-id-requests.service.ts';
import { userIdRequestPolicy } from './user-id-requests.policy.ts';

const idParams = z.object({ id: z.string().max(64) });

export function userIdRequestRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['governance'], security: bearerSecurity };
    app.post(
      '/v1/user-id-requests',
      {
        onRequest: requireRoles(ctx, userIdRequestPolicy.submit),
        schema: {
          ...meta,
          summary:
            'Submit a user-ID request (issue, change, deactivate), processed at once with a handover record ' +
            '(BAST) PDF; an incomplete form is refused naming each missing field',
          body: submitUserIdRequestBody,
          response: {
            201: userIdRequestResultView,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply
          .code(201)
          .send(await submitUserIdRequest({ db: ctx.db, now: acting.now }, acting.actor, request.body));
      },
    );
    app.get(
      '/v1/user-id-requests',
      {
        onRequest: requireRoles(ctx, userIdRequestPolicy.read),
        schema: {
          ...meta,
          summary: 'User-ID requests in the caller’s scope, newest first',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            accountId: z.string().max(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(userIdRequestView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findUserIdRequests(ctx.db, (await actorOf(ctx, request)).scope, request.query),
      }),
    );
    app.get(
      '/v1/user-id-requests/:id',
      {
        onRequest: requireRoles(ctx, userIdRequestPolicy.read),
        schema: {
          ...meta,
          summary: 'One user-ID request',
          params: idParams,
          response: { 200: userIdRequestView, ...errorResponses },
        },
      },
      async (request) => loadUserIdRequest(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
    );
  };
}
