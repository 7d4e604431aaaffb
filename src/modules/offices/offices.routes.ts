import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { officePolicy } from './offices.policy.ts';
import { listOffices } from './offices.repo.ts';
import { createOfficeBody, officeView } from './offices.schema.ts';
import { createOffice } from './offices.service.ts';

export function officeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/offices',
      {
        onRequest: requireRoles(ctx, officePolicy.read),
        schema: {
          tags: ['admin'],
          summary: 'List registry offices (Ditjen and Disdukcapil)',
          security: bearerSecurity,
          response: { 200: z.object({ items: z.array(officeView) }), ...errorResponses },
        },
      },
      async () => ({ items: await listOffices(ctx.db) }),
    );
    app.post(
      '/v1/offices',
      {
        onRequest: requireRoles(ctx, officePolicy.create),
        schema: {
          tags: ['admin'],
          summary: 'Create a registry office (central officers only)',
          security: bearerSecurity,
          body: createOfficeBody,
          response: { 201: officeView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await createOffice({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
          ),
    );
  };
}
