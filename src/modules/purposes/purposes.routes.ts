import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actorOf, requireAccount, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { purposePolicy } from './purposes.policy.ts';
import { listPurposes, purposeInput, purposeView, recordPurpose } from './purposes.ts';

export function purposeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['agreements'], security: bearerSecurity };
    app.get(
      '/v1/purposes',
      {
        onRequest: requireAccount(ctx),
        schema: {
          ...meta,
          summary: 'The purpose catalogue: the codes an agreement grants and an access request states',
          response: { 200: z.object({ items: z.array(purposeView) }), ...errorResponses },
        },
      },
      async () => ({ items: await listPurposes(ctx.db) }),
    );
    app.post(
      '/v1/purposes',
      {
        onRequest: requireRoles(ctx, purposePolicy.record),
        schema: {
          ...meta,
          summary: 'Record a purpose of the catalogue (or change its label, description or active flag)',
          body: purposeInput,
          response: { 200: purposeView, ...errorResponses },
        },
      },
      async (request) =>
        recordPurpose({ db: ctx.db, now: ctx.clock() }, await actorOf(ctx, request), request.body),
    );
  };
}
